import { useEffect, useState } from 'react';
import { call } from '../../api/client';
import type { Settings } from '../../../../shared/ipc';
import { acceleratorProblem } from '../../../../shared/accelerator';
import { FormError } from '../../components/FormError';

/** Quick access: a global shortcut that opens a search over every account; Enter copies the code. */
export function QuickAccessSection({
  settings,
  update,
}: {
  settings: Settings | null;
  update: (patch: Partial<Settings>) => void;
}): React.JSX.Element {
  const [platform, setPlatform] = useState<string | null>(null);
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    call('app.info')
      .then((info) => setPlatform(info.platform))
      .catch(() => undefined);
  }, []);
  const shortcut = draft ?? settings?.quickAccessShortcut ?? '';
  // Main registers the shortcut as the settings change; it may be refused (taken, or Wayland).
  const [refused, setRefused] = useState<string | null>(null);
  useEffect(() => {
    if (settings === null) return;
    call('app.quickAccessProblem')
      .then(({ problem }) => setRefused(problem))
      .catch(() => undefined);
  }, [settings]);

  const save = (event: React.FormEvent): void => {
    event.preventDefault();
    const found = acceleratorProblem(shortcut);
    setProblem(found);
    if (found === null) {
      update({ quickAccessShortcut: shortcut.trim() });
      setDraft(null);
    }
  };

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
      <form className="field" onSubmit={save} noValidate aria-label="Quick access shortcut">
        <label className="field__label" htmlFor="set-quick-access-shortcut">
          Shortcut
        </label>
        <div className="settings__inline">
          <input
            id="set-quick-access-shortcut"
            className="input"
            value={shortcut}
            disabled={settings === null}
            aria-invalid={problem !== null}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="button" disabled={settings === null}>
            Save shortcut
          </button>
        </div>
        <FormError message={problem} />
        {problem === null && refused !== null ? (
          <p className="field__error" role="alert">
            {refused}
          </p>
        ) : null}
      </form>
    </section>
  );
}
