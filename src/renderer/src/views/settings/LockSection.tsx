import { LOCK_AFTER_CHOICES, type Settings } from '../../../../shared/ipc';
import { useVaultStatus } from '../codes/useVaultStatus';

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
  const [vault] = useVaultStatus();
  const hasPassword = vault?.hasPassword === true;
  const off = settings === null || !hasPassword;
  return (
    <section className="settings__section" aria-labelledby="set-lock">
      <h2 id="set-lock">Lock</h2>
      <p id="set-lock-about">
        {hasPassword
          ? 'Locking forgets the vault key until you enter the vault password again: nobody at this computer sees or copies your codes meanwhile. Lock at once with Lock in Codes, Ctrl+L (⌘L on a Mac) or the tray menu.'
          : 'Locking needs a vault password: your vault key is in the system keychain, which opens it for anyone signed in to this computer as you, so a lock without a password would protect nothing. Set a vault password below to lock Twofold.'}
      </p>
      <div className="field">
        <label className="field__label" htmlFor="set-lock-after">
          Lock after this long without using the computer
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
              {minutes === 0 ? 'Never' : minutes === 1 ? '1 minute' : `${minutes} minutes`}
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
        <span>Lock when the screen locks or the computer sleeps</span>
      </label>
    </section>
  );
}
