import { useEffect, useState } from 'react';
import { call, messageOf } from '../../api/client';
import type { BrowserStatus } from '../../../../shared/ipc';
import { FormError } from '../../components/FormError';
import { useRichT, useT } from '../../i18n';

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
  const t = useT();
  const richT = useRichT();

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
      <h2 id="set-browser">{t('settings.browser.title')}</h2>
      <label className="settings__toggle">
        <input
          type="checkbox"
          checked={status?.enabled ?? false}
          disabled={status === null}
          onChange={(event) => change(call('browser.setEnabled', { enabled: event.target.checked }))}
          aria-describedby="set-browser-hint"
        />
        <span>{t('settings.browser.enable')}</span>
      </label>
      <span id="set-browser-hint" className="field__hint settings__hint">
        {t('settings.browser.hint')}{' '}
        {status?.canRegister === false
          ? richT('settings.browser.hintCommand', {
              command: 'twofold browser install',
              code: (chunks) => (
                <code translate="no" dir="ltr">
                  {chunks}
                </code>
              ),
            })
          : t('settings.browser.hintRegister')}
      </span>
      <ul className="settings__list" aria-label={t('settings.browser.list')}>
        {status?.browsers.map((browser) => (
          <li key={browser.name} className="settings__row">
            <span translate="no">{BROWSER_LABELS[browser.name]}</span>
            <span className="field__hint" title={browser.path ?? undefined}>
              {browser.registered ? t('settings.browser.registered') : t('settings.browser.notRegistered')}
            </span>
            {status.canRegister ? (
              <button
                type="button"
                className="button button--quiet"
                aria-label={t(
                  browser.registered ? 'settings.browser.unregisterLabel' : 'settings.browser.registerLabel',
                  { browser: BROWSER_LABELS[browser.name] },
                )}
                onClick={() =>
                  change(call('browser.register', { browser: browser.name, on: !browser.registered }))
                }
              >
                {browser.registered ? t('settings.browser.unregister') : t('settings.browser.register')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <h3 className="settings__subhead">{t('settings.browser.sites')}</h3>
      {status !== null && status.allowedSites.length === 0 ? (
        <p className="field__hint">{t('settings.browser.noSites')}</p>
      ) : null}
      <ul className="settings__list" aria-label={t('settings.browser.sites')}>
        {status?.allowedSites.map((site) => (
          <li key={site} className="settings__row">
            <span translate="no" dir="ltr">
              {site}
            </span>
            <button
              type="button"
              className="button button--quiet-danger"
              aria-label={t('settings.browser.removeSite', { site })}
              onClick={() => change(call('browser.removeSite', { site }))}
            >
              {t('common.action.remove')}
            </button>
          </li>
        ))}
      </ul>
      <FormError message={error} />
    </section>
  );
}
