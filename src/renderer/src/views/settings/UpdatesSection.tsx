import { useEffect, useState } from 'react';
import { call, messageOf } from '../../api/client';
import type { Settings, UpdateStatus } from '../../../../shared/ipc';
import { FormError } from '../../components/FormError';
import { sayIn } from '../../../../shared/person-facing-error';
import { useT } from '../../i18n';

/** "Check for updates automatically" and a check on demand that says what it found. */
export function UpdatesSection(props: {
  settings: Settings | null;
  update(patch: Partial<Settings>): void;
}): React.JSX.Element {
  const t = useT();
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('updates.status')
      .then(setStatus)
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, []);

  const check = (): void => {
    setBusy(true);
    setError(null);
    call('updates.check')
      .then(setStatus)
      .catch((caught: unknown) => setError(messageOf(caught)))
      .finally(() => setBusy(false));
  };

  const off = status !== null && !status.configured;
  return (
    <section className="settings__section" aria-labelledby="set-updates">
      <h2 id="set-updates">{t('settings.updates.title')}</h2>
      <label className="settings__toggle">
        <input
          type="checkbox"
          checked={props.settings?.checkForUpdates ?? false}
          disabled={props.settings === null || off}
          onChange={(event) => props.update({ checkForUpdates: event.target.checked })}
          aria-describedby="set-updates-status"
        />
        <span>{t('settings.updates.automatic')}</span>
      </label>
      <p id="set-updates-status" className="settings__hint" role="status" aria-live="polite">
        {busy ? t('settings.updates.checking') : status ? sayIn(t, status.words) : ''}
      </p>
      <FormError message={error} />
      <div>
        <button type="button" className="button" onClick={check} disabled={busy || status === null || off}>
          {t('settings.updates.check')}
        </button>
      </div>
    </section>
  );
}
