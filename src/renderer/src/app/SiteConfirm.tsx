import { useEffect, useState } from 'react';
import { call, subscribe } from '../api/client';
import { Dialog } from '../components/Dialog';

interface Question {
  readonly request: string;
  readonly site: string;
  readonly issuer: string;
}

/**
 * The first time the browser extension asks for a code on a site, the app asks: Allow or Deny.
 * Closing the dialog denies. Questions that come while one is open wait their turn.
 */
export function SiteConfirm(): React.JSX.Element | null {
  const [questions, setQuestions] = useState<Question[]>([]);
  useEffect(
    () => subscribe('browser.confirmSite', (question) => setQuestions((queue) => [...queue, question])),
    [],
  );
  const current = questions[0];
  if (!current) return null;
  const answer = (allow: boolean): void => {
    setQuestions((queue) => queue.slice(1));
    void call('browser.answerSite', { request: current.request, allow }).catch(() => undefined);
  };
  return (
    <Dialog
      title={`Fill codes on ${current.site}?`}
      onClose={() => answer(false)}
      actions={
        <>
          <button type="button" className="button" onClick={() => answer(false)}>
            Deny
          </button>
          <button type="button" className="button button--primary" onClick={() => answer(true)}>
            Allow
          </button>
        </>
      }
    >
      <p>
        Your browser asks for the code of {current.issuer || 'an account'} on {current.site}. Allow it only if
        you are signing in there now. Twofold remembers your answer; Settings → Browser lists the allowed
        sites.
      </p>
    </Dialog>
  );
}
