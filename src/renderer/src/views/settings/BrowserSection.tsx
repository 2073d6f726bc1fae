import { useEffect, useState } from 'react';
import { call, messageOf } from '../../api/client';
import type { BrowserStatus } from '../../../../shared/ipc';
import { FormError } from '../../components/FormError';

const BROWSER_LABELS: Record<BrowserStatus['browsers'][number]['name'], string> = {
  chrome: 'Chrome',
  chromium: 'Chromium',
  edge: 'Edge',
  brave: 'Brave',
  firefox: 'Firefox',
};

/**
 * Settings → Browser: which browsers have Twofold's host registered, filling on or off (off:
 * the host refuses), and the sites the extension was allowed to fill on, each removable.
 */
export function BrowserSection(): React.JSX.Element {
  const [status, setStatus] = useState<BrowserStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call('browser.status')
      .then(setStatus)
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, []);

  const change = (next: Promise<BrowserStatus>): void => {
    setError(null);
    next.then(setStatus).catch((caught: unknown) => setError(messageOf(caught)));
  };

  return (
    <section className="settings__section" aria-labelledby="set-browser">
      <h2 id="set-browser">Browser</h2>
      <label className="settings__toggle">
        <input
          type="checkbox"
          checked={status?.enabled ?? false}
          disabled={status === null}
          onChange={(event) => change(call('browser.setEnabled', { enabled: event.target.checked }))}
          aria-describedby="set-browser-hint"
        />
        <span>Fill codes in the browser</span>
      </label>
      <span id="set-browser-hint" className="field__hint settings__hint">
        Twofold&apos;s extension fills a code only on the account&apos;s own site, when you click or press its
        shortcut.{' '}
        {status?.canRegister === false ? (
          <>
            This build registers with browsers through <code>twofold browser install</code>.
          </>
        ) : (
          'Register the browsers you use it in below.'
        )}
      </span>
      <ul className="settings__list" aria-label="Browsers">
        {status?.browsers.map((browser) => (
          <li key={browser.name} className="settings__row">
            <span>{BROWSER_LABELS[browser.name]}</span>
            <span className="field__hint" title={browser.path ?? undefined}>
              {browser.registered ? 'Registered' : 'Not registered'}
            </span>
            {status.canRegister ? (
              <button
                type="button"
                className="button button--quiet"
                aria-label={`${browser.registered ? 'Unregister' : 'Register'} ${BROWSER_LABELS[browser.name]}`}
                onClick={() =>
                  change(call('browser.register', { browser: browser.name, on: !browser.registered }))
                }
              >
                {browser.registered ? 'Unregister' : 'Register'}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <h3 className="settings__subhead">Allowed sites</h3>
      {status !== null && status.allowedSites.length === 0 ? (
        <p className="field__hint">No site yet. Twofold asks the first time a site wants a code.</p>
      ) : null}
      <ul className="settings__list" aria-label="Allowed sites">
        {status?.allowedSites.map((site) => (
          <li key={site} className="settings__row">
            <span>{site}</span>
            <button
              type="button"
              className="button button--quiet-danger"
              aria-label={`Remove ${site}`}
              onClick={() => change(call('browser.removeSite', { site }))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <FormError message={error} />
    </section>
  );
}
