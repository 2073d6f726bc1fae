import { useState } from 'react';
import { call, messageOf } from '../../api/client';
import type { BackupSettings } from '../../../../shared/ipc/channels/transfer';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast';

const when = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** When the last backup was written and whether the newest one was proven to restore, in one line. */
export function healthLine(backups: BackupSettings): { text: string; bad: boolean } {
  const parts: string[] = [];
  let bad = false;
  parts.push(
    backups.lastBackupAt === null ? 'No backup yet.' : `Last backup: ${when(backups.lastBackupAt)}.`,
  );
  const check = backups.lastCheck;
  if (check !== null) {
    if (check.restorable)
      parts.push(`Proven to restore (checked ${when(check.checkedAt)}): ${check.message}`);
    else {
      bad = true;
      parts.push(`Not restorable: ${check.file} (checked ${when(check.checkedAt)}). ${check.message}`);
    }
  } else if (backups.lastBackupAt !== null) parts.push('Not checked yet.');
  if (backups.skipped !== null) {
    parts.push(
      `The automatic backup due at ${when(backups.skipped.at)} was skipped: ${backups.skipped.reason}. It is written once the vault is open again.`,
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
  const health = healthLine(backups);
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
        if (right) toast({ message: 'That is your backup password' });
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
          Check the newest backup
        </button>
      </div>
      {asking ? (
        <form
          className="form settings__form"
          aria-label="Backup password check"
          onSubmit={(event) => {
            event.preventDefault();
            if (answer !== '') submit();
          }}
        >
          <TextField
            label={
              backups.hasPassword
                ? 'Do you still remember your backup password? Type it to check.'
                : 'Type the backup password to resume backups and check them.'
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
              That is not the backup password. If you have forgotten it, set a new one now, while the vault is
              open: new backups will use it.{' '}
              <button type="button" className="button" onClick={onChangePassword}>
                Set a new backup password
              </button>
            </p>
          ) : null}
          <div className="settings__row">
            <button type="submit" className="button" disabled={busy || answer === ''}>
              Check password
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
          <span>Ask for the backup password now and then (after 1 day, 3, 7, 14, then monthly)</span>
        </label>
      ) : null}
    </>
  );
}
