import { useEffect, useState } from 'react';
import { call, messageOf } from '../../api/client';
import { CLIPBOARD_CLEAR_CHOICES, type Settings } from '../../../../shared/ipc';
import { useToast } from '../../components/toast';
import { ViewHeader } from '../../components/ViewHeader';
import { SearchField } from '../../components/SearchField';
import { PasswordSection } from './PasswordSection';
import { LockSection } from './LockSection';
import { UpdatesSection } from './UpdatesSection';
import { BrowserSection } from './BrowserSection';
import { QuickAccessSection } from './QuickAccessSection';
import { LanguageSection } from './LanguageSection';
import { TransferSection } from '../transfer/TransferSection';
import { SyncSection } from '../sync/SyncSection';
import './SettingsView.css';
import { FormError } from '../../components/FormError';
import { useT } from '../../i18n';
import type { MessageId } from '../../../../shared/i18n';

/** Each section's title, as its heading shows it: the search matches these in the active language. */
const SECTION_TITLES = {
  language: 'settings.language.title',
  appearance: 'settings.appearance.title',
  window: 'settings.window.title',
  quickAccess: 'settings.quickAccess.title',
  clipboard: 'settings.clipboard.title',
  lock: 'settings.lock.title',
  password: 'settings.password.title',
  transfer: 'settings.transfer.title',
  sync: 'settings.sync.title',
  browser: 'settings.browser.title',
  updates: 'settings.updates.title',
  about: 'settings.about.title',
} as const satisfies Record<string, MessageId>;

type Section = keyof typeof SECTION_TITLES;

export function SettingsView(): React.JSX.Element {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [version, setVersion] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const toast = useToast();
  const t = useT();

  useEffect(() => {
    call('app.settings')
      .then(setSettings)
      .catch((caught: unknown) => setError(messageOf(caught)));
    call('app.info')
      .then((info) => setVersion(info.version))
      .catch(() => undefined);
  }, []);

  // A new language is its own confirmation: a "saved" toast would speak the old one.
  const update = (patch: Partial<Settings>, options: { quiet?: boolean } = {}): void => {
    call('app.updateSettings', patch)
      .then((saved) => {
        setSettings(saved);
        if (!options.quiet) toast({ message: t('common.state.saved') });
      })
      .catch((caught: unknown) => toast({ message: messageOf(caught) }));
  };

  const wanted = query.trim().toLocaleLowerCase();
  const shown = (section: Section): boolean =>
    wanted === '' || t(SECTION_TITLES[section]).toLocaleLowerCase().includes(wanted);

  return (
    <>
      <ViewHeader title={t('common.nav.settings')}>
        <SearchField label={t('settings.search.label')} value={query} onChange={setQuery} />
      </ViewHeader>
      <div className="settings">
        <FormError message={error} />
        {shown('language') ? <LanguageSection settings={settings} update={update} /> : null}
        {shown('appearance') ? (
          <section className="settings__section" aria-labelledby="set-appearance">
            <h2 id="set-appearance">{t(SECTION_TITLES.appearance)}</h2>
            <p>{t('settings.appearance.about')}</p>
          </section>
        ) : null}
        {shown('window') ? (
          <section className="settings__section" aria-labelledby="set-window">
            <h2 id="set-window">{t(SECTION_TITLES.window)}</h2>
            <label className="settings__toggle">
              <input
                type="checkbox"
                checked={settings?.closeToTray ?? false}
                disabled={settings === null}
                onChange={(event) => update({ closeToTray: event.target.checked })}
                aria-describedby="set-tray-hint"
              />
              <span>{t('settings.window.closeToTray')}</span>
            </label>
            <span id="set-tray-hint" className="field__hint settings__hint">
              {t('settings.window.closeToTrayHint')}
            </span>
          </section>
        ) : null}
        {shown('quickAccess') ? <QuickAccessSection settings={settings} update={update} /> : null}
        {shown('clipboard') ? (
          <section className="settings__section" aria-labelledby="set-clipboard">
            <h2 id="set-clipboard">{t(SECTION_TITLES.clipboard)}</h2>
            <div className="field">
              <label className="field__label" htmlFor="set-clipboard-clear">
                {t('settings.clipboard.clearAfter')}
              </label>
              <select
                id="set-clipboard-clear"
                className="input settings__select"
                value={settings?.clipboardClearSeconds ?? 30}
                disabled={settings === null}
                onChange={(event) =>
                  update({
                    clipboardClearSeconds: Number(event.target.value) as Settings['clipboardClearSeconds'],
                  })
                }
                aria-describedby="set-clipboard-hint"
              >
                {CLIPBOARD_CLEAR_CHOICES.map((seconds) => (
                  <option key={seconds} value={seconds}>
                    {t('settings.clipboard.seconds', { seconds })}
                  </option>
                ))}
              </select>
              <span id="set-clipboard-hint" className="field__hint settings__hint">
                {t('settings.clipboard.hint')}
              </span>
            </div>
          </section>
        ) : null}
        {shown('lock') ? <LockSection settings={settings} update={update} /> : null}
        {shown('password') ? <PasswordSection /> : null}
        {shown('transfer') ? <TransferSection /> : null}
        {shown('sync') ? <SyncSection /> : null}
        {shown('browser') ? <BrowserSection /> : null}
        {shown('updates') ? <UpdatesSection settings={settings} update={update} /> : null}
        {shown('about') ? (
          <section className="settings__section" aria-labelledby="set-about">
            <h2 id="set-about">{t(SECTION_TITLES.about)}</h2>
            <p>{version ? t('settings.about.version', { version }) : t('common.app.name')}</p>
          </section>
        ) : null}
      </div>
    </>
  );
}
