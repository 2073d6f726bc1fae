import { useEffect, useState } from 'react';
import { call, subscribe } from '../api/client';
import { Dialog } from '../components/Dialog';
import { useRichT, useT } from '../i18n';

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
  const t = useT();
  const richT = useRichT();
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
      title={t('common.siteConfirm.title', { site: current.site })}
      onClose={() => answer(false)}
      actions={
        <>
          <button type="button" className="button" onClick={() => answer(false)}>
            {t('common.siteConfirm.deny')}
          </button>
          <button type="button" className="button button--primary" onClick={() => answer(true)}>
            {t('common.siteConfirm.allow')}
          </button>
        </>
      }
    >
      <p>
        {richT(current.issuer ? 'common.siteConfirm.body' : 'common.siteConfirm.bodyNoIssuer', {
          issuer: current.issuer,
          site: current.site,
          data: (chunks) => <span translate="no">{chunks}</span>,
          domain: (chunks) => (
            <span translate="no" dir="ltr">
              {chunks}
            </span>
          ),
        })}
      </p>
    </Dialog>
  );
}
