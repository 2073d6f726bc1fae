import { LOCK_AFTER_CHOICES, type Settings } from '../../../../shared/ipc';
import { useVaultStatus } from '../codes/useVaultStatus';
import { useT } from '../../i18n';

interface LockSectionProps {
  settings: Settings | null;
  update: (patch: Partial<Settings>) => void;
}

/**
 * When Twofold locks itself. Locking needs a vault password: with only the
 * keychain slot the keychain would open the vault again at once, so, as in
 * 1Password, there is no lock without something to unlock with.
 */
export function LockSection({ settings, update }: LockSectionProps): React.JSX.Element {
  const t = useT();
  const [vault] = useVaultStatus();
  const hasPassword = vault?.hasPassword === true;
  const off = settings === null || !hasPassword;
  return (
    <section className="settings__section" aria-labelledby="set-lock">
      <h2 id="set-lock">{t('settings.lock.title')}</h2>
      <p id="set-lock-about">{hasPassword ? t('settings.lock.about') : t('settings.lock.needsPassword')}</p>
      <div className="field">
        <label className="field__label" htmlFor="set-lock-after">
          {t('settings.lock.after')}
        </label>
        <select
          id="set-lock-after"
          className="input settings__select"
          value={settings?.lockAfterMinutes ?? 0}
          disabled={off}
          aria-describedby="set-lock-about"
          onChange={(event) =>
            update({ lockAfterMinutes: Number(event.target.value) as Settings['lockAfterMinutes'] })
          }
        >
          {LOCK_AFTER_CHOICES.map((minutes) => (
            <option key={minutes} value={minutes}>
              {minutes === 0 ? t('settings.lock.never') : t('settings.lock.minutes', { minutes })}
            </option>
          ))}
        </select>
      </div>
      <label className="settings__toggle">
        <input
          type="checkbox"
          checked={settings?.lockOnScreenLock ?? false}
          disabled={off}
          onChange={(event) => update({ lockOnScreenLock: event.target.checked })}
        />
        <span>{t('settings.lock.onScreenLock')}</span>
      </label>
    </section>
  );
}
