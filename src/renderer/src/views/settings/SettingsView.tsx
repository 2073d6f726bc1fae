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
import { TransferSection } from '../transfer/TransferSection';
import './SettingsView.css';
import { FormError } from '../../components/FormError';

type SectionTitle =
  | 'Appearance'
  | 'Window'
  | 'Quick access'
  | 'Clipboard'
  | 'Lock'
  | 'Vault password'
  | 'Import and Export'
  | 'Browser'
  | 'Updates'
  | 'About';

export function SettingsView(): React.JSX.Element {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [version, setVersion] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const toast = useToast();

  useEffect(() => {
    call('app.settings')
      .then(setSettings)
      .catch((caught: unknown) => setError(messageOf(caught)));
    call('app.info')
      .then((info) => setVersion(info.version))
      .catch(() => undefined);
  }, []);

  const update = (patch: Partial<Settings>): void => {
    call('app.updateSettings', patch)
      .then((saved) => {
        setSettings(saved);
        toast({ message: 'Settings saved' });
      })
      .catch((caught: unknown) => toast({ message: messageOf(caught) }));
  };

  const shown = (title: SectionTitle): boolean =>
    query.trim() === '' || title.toLowerCase().includes(query.trim().toLowerCase());

  return (
    <>
      <ViewHeader title="Settings">
        <SearchField label="Search settings" value={query} onChange={setQuery} />
      </ViewHeader>
      <div className="settings">
        <FormError message={error} />
        {shown('Appearance') ? (
          <section className="settings__section" aria-labelledby="set-appearance">
            <h2 id="set-appearance">Appearance</h2>
            <p>Twofold follows your system&apos;s light or dark theme. Change it in your system settings.</p>
          </section>
        ) : null}
        {shown('Window') ? (
          <section className="settings__section" aria-labelledby="set-window">
            <h2 id="set-window">Window</h2>
            <label className="settings__toggle">
              <input
                type="checkbox"
                checked={settings?.closeToTray ?? false}
                disabled={settings === null}
                onChange={(event) => update({ closeToTray: event.target.checked })}
                aria-describedby="set-tray-hint"
              />
              <span>Keep Twofold in the tray when the window is closed</span>
            </label>
            <span id="set-tray-hint" className="field__hint settings__hint">
              Quit it from the tray icon&apos;s menu.
            </span>
          </section>
        ) : null}
        {shown('Quick access') ? <QuickAccessSection settings={settings} update={update} /> : null}
        {shown('Clipboard') ? (
          <section className="settings__section" aria-labelledby="set-clipboard">
            <h2 id="set-clipboard">Clipboard</h2>
            <div className="field">
              <label className="field__label" htmlFor="set-clipboard-clear">
                Clear a copied code after
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
                    {seconds} seconds
                  </option>
                ))}
              </select>
              <span id="set-clipboard-hint" className="field__hint settings__hint">
                Unless you copied something else in the meantime. Quitting Twofold clears it at once.
              </span>
            </div>
          </section>
        ) : null}
        {shown('Lock') ? <LockSection settings={settings} update={update} /> : null}
        {shown('Vault password') ? <PasswordSection /> : null}
        {shown('Import and Export') ? <TransferSection /> : null}
        {shown('Browser') ? <BrowserSection /> : null}
        {shown('Updates') ? <UpdatesSection settings={settings} update={update} /> : null}
        {shown('About') ? (
          <section className="settings__section" aria-labelledby="set-about">
            <h2 id="set-about">About</h2>
            <p>Twofold{version ? ` ${version}` : ''}</p>
          </section>
        ) : null}
      </div>
    </>
  );
}
