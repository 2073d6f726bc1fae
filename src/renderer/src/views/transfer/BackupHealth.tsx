import { useState } from 'react';
import { useIntl } from 'react-intl';
import { call, messageOf } from '../../api/client';
import type { BackupSettings } from '../../../../shared/ipc/channels/transfer';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast';
import { useT, type Translate } from '../../i18n';

/**
 * When the last backup was written and whether the newest one was proven to restore, in one line
 * of whole sentences; `when` shows a moment in the active locale.
 */
export function healthLine(
  backups: BackupSettings,
  t: Translate,
  when: (iso: string) => string,
): { text: string; bad: boolean } {
  const parts: string[] = [];
  let bad = false;
  parts.push(
    backups.lastBackupAt === null
      ? t('settings.backup.none')
      : t('settings.backup.last', { when: when(backups.lastBackupAt) }),
  );
  const check = backups.lastCheck;
  if (check !== null) {
    if (check.restorable)
      parts.push(t('settings.backup.proven', { when: when(check.checkedAt), message: check.message }));
    else {
      bad = true;
      parts.push(
        t('settings.backup.notRestorable', {
          file: check.file,
          when: when(check.checkedAt),
          message: check.message,
        }),
      );
    }
  } else if (backups.lastBackupAt !== null) parts.push(t('settings.backup.notChecked'));
  if (backups.skipped !== null) {
    parts.push(
      t('settings.backup.skipped', { when: when(backups.skipped.at), reason: backups.skipped.reason }),
    );
  }
  return { text: parts.join(' '), bad };
}

interface Props {
  backups: BackupSettings;
  onChange: (next: BackupSettings) => void;
  /** Takes the person to the field that sets a new backup password. */
  onChangePassword: () => void;
  onError: (message: string | null) => void;
}

/**
 * Settings → Backups: the health line, a check on demand, and the backup
 * password asked back when it is due (as Signal asks for its PIN), so a
 * forgotten password is found while the vault is still open.
 */
export function BackupHealth({ backups, onChange, onChangePassword, onError }: Props): React.JSX.Element {
  const [answer, setAnswer] = useState('');
  const [wrong, setWrong] = useState(false);
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const t = useT();
  const intl = useIntl();
  const health = healthLine(backups, t, (iso) =>
    intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' }),
  );
  const asking = backups.reminder !== null && (backups.reminder.due || !backups.hasPassword);

  const check = (): void => {
    setBusy(true);
    call('transfer.verifyBackup')
      .then((next) => {
        onChange(next);
        onError(null);
      })
      .catch((caught: unknown) => onError(messageOf(caught)))
      .finally(() => setBusy(false));
  };

  const submit = (): void => {
    setBusy(true);
    call('transfer.answerBackupReminder', { password: answer })
      .then(({ right, settings }) => {
        setAnswer('');
        setWrong(!right);
        onChange(settings);
        onError(null);
        if (right) toast({ message: t('settings.backup.passwordRight') });
      })
      .catch((caught: unknown) => onError(messageOf(caught)))
      .finally(() => setBusy(false));
  };

  return (
    <>
      <p className={health.bad ? 'field__error' : 'field__hint'} data-testid="backup-health" role="status">
        {health.text}
      </p>
      <div className="settings__row">
        <button
          type="button"
          className="button"
          disabled={busy || !backups.hasPassword || backups.lastBackupAt === null}
          onClick={check}
        >
          {t('settings.backup.check')}
        </button>
      </div>
      {asking ? (
        <form
          className="form settings__form"
          aria-label={t('settings.backup.reminderForm')}
          onSubmit={(event) => {
            event.preventDefault();
            if (answer !== '') submit();
          }}
        >
          <TextField
            label={
              backups.hasPassword ? t('settings.backup.reminderAsk') : t('settings.backup.reminderResume')
            }
            value={answer}
            onChange={(value) => {
              setAnswer(value);
              setWrong(false);
            }}
            secret
          />
          {wrong ? (
            <p className="field__error" role="alert">
              {t('settings.backup.passwordWrong')}{' '}
              <button type="button" className="button" onClick={onChangePassword}>
                {t('settings.backup.setNewPassword')}
              </button>
            </p>
          ) : null}
          <div className="settings__row">
            <button type="submit" className="button" disabled={busy || answer === ''}>
              {t('settings.backup.checkPassword')}
            </button>
          </div>
        </form>
      ) : null}
      {backups.reminder !== null ? (
        <label className="settings__toggle">
          <input
            type="checkbox"
            checked={backups.reminder.enabled}
            onChange={(event) => {
              call('transfer.updateBackupSettings', { reminders: event.target.checked })
                .then(onChange)
                .catch((caught: unknown) => onError(messageOf(caught)));
            }}
          />
          <span>{t('settings.backup.reminders')}</span>
        </label>
      ) : null}
    </>
  );
}
