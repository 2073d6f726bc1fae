import { useEffect, useState } from 'react';
import { call } from '../../api/client';
import type { Settings } from '../../../../shared/ipc';
import { ShortcutRecorder } from './ShortcutRecorder';
import { useT } from '../../i18n';

/** Quick access: a global shortcut that opens a search over every account; Enter copies the code. */
export function QuickAccessSection({
  settings,
  update,
}: {
  settings: Settings | null;
  update: (patch: Partial<Settings>) => void;
}): React.JSX.Element {
  const t = useT();
  const [platform, setPlatform] = useState<string | null>(null);
  useEffect(() => {
    call('app.info')
      .then((info) => setPlatform(info.platform))
      .catch(() => undefined);
  }, []);
  // Main registers the shortcut as the settings change; it may be refused (taken, or Wayland).
  const [refused, setRefused] = useState<string | null>(null);
  useEffect(() => {
    if (settings === null) return;
    call('app.quickAccessProblem')
      .then(({ problem }) => setRefused(problem))
      .catch(() => undefined);
  }, [settings]);

  return (
    <section className="settings__section" aria-labelledby="set-quick-access">
      <h2 id="set-quick-access">{t('settings.quickAccess.title')}</h2>
      <label className="settings__toggle">
        <input
          type="checkbox"
          checked={settings?.quickAccess ?? false}
          disabled={settings === null}
          onChange={(event) => update({ quickAccess: event.target.checked })}
          aria-describedby="set-quick-access-hint"
        />
        <span>{t('settings.quickAccess.enable')}</span>
      </label>
      <span id="set-quick-access-hint" className="field__hint settings__hint">
        {platform === 'linux' ? t('settings.quickAccess.hintLinux') : t('settings.quickAccess.hint')}
      </span>
      <ShortcutRecorder
        id="set-quick-access-shortcut"
        label={t('settings.quickAccess.shortcut')}
        value={settings?.quickAccessShortcut ?? ''}
        platform={platform ?? ''}
        disabled={settings === null || platform === null}
        onChange={(accelerator) => update({ quickAccessShortcut: accelerator })}
      />
      {refused !== null ? (
        <p className="field__error" role="alert">
          {refused}
        </p>
      ) : null}
    </section>
  );
}
