import { useEffect, useState } from 'react';
import { call } from '../../api/client';
import type { Settings } from '../../../../shared/ipc';
import { ShortcutRecorder } from './ShortcutRecorder';

/** Quick access: a global shortcut that opens a search over every account; Enter copies the code. */
export function QuickAccessSection({
  settings,
  update,
}: {
  settings: Settings | null;
  update: (patch: Partial<Settings>) => void;
}): React.JSX.Element {
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
      <h2 id="set-quick-access">Quick access</h2>
      <label className="settings__toggle">
        <input
          type="checkbox"
          checked={settings?.quickAccess ?? false}
          disabled={settings === null}
          onChange={(event) => update({ quickAccess: event.target.checked })}
          aria-describedby="set-quick-access-hint"
        />
        <span>Open Quick access with a keyboard shortcut from any app</span>
      </label>
      <span id="set-quick-access-hint" className="field__hint settings__hint">
        Type to find an account, Enter copies its code, Escape closes. The tray menu&apos;s Quick access…
        opens it too.
        {platform === 'linux'
          ? ' Off by default on Linux: Wayland desktops do not let apps register global shortcuts, so it works only under X11 (or bind a system shortcut to the tray item).'
          : ''}
      </span>
      <ShortcutRecorder
        id="set-quick-access-shortcut"
        label="Shortcut"
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
