import { useId, useState, type FormEvent } from 'react';
import { call, messageOf } from '../../api/client';
import type { EntryMeta } from '../../../../shared/ipc';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast';
import { displayName } from './AccountRow';
import { FormError } from '../../components/FormError';
import { useT } from '../../i18n';

interface EditDialogProps {
  entry: EntryMeta;
  groups: readonly string[];
  onClose: () => void;
  onSaved: () => void;
  onReveal: () => void;
  onDelete: () => void;
}

/** Issuer, login, group and note; and the doors to "show QR code" and "delete". */
export function EditDialog({
  entry,
  groups,
  onClose,
  onSaved,
  onReveal,
  onDelete,
}: EditDialogProps): React.JSX.Element {
  const t = useT();
  const [issuer, setIssuer] = useState(entry.issuer);
  const [account, setAccount] = useState(entry.account);
  const [group, setGroup] = useState(entry.group);
  const [note, setNote] = useState(entry.note);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const toast = useToast();
  const formId = useId();
  const listId = useId();

  const save = (event: FormEvent): void => {
    event.preventDefault();
    if (issuer.trim() === '' && account.trim() === '') {
      setError(t('codes.edit.needName'));
      return;
    }
    setSaving(true);
    call('entries.update', {
      id: entry.id,
      issuer: issuer.trim(),
      account: account.trim(),
      group: group.trim(),
      note,
    })
      .then((saved) => {
        toast({ message: t('codes.toast.saved', { name: displayName(saved, t) }) });
        onSaved();
        onClose();
      })
      .catch((caught: unknown) => {
        setError(messageOf(caught, t));
        setSaving(false);
      });
  };

  return (
    <Dialog
      title={t('codes.edit.title', { name: displayName(entry, t) })}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button button--quiet-danger" onClick={onDelete}>
            {t('codes.edit.delete')}
          </button>
          <button type="button" className="button button--quiet" onClick={onReveal}>
            {t('codes.edit.reveal')}
          </button>
          <button type="submit" form={formId} className="button button--primary" disabled={saving}>
            {t('common.action.save')}
          </button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={save}>
        <TextField
          label={t('codes.field.issuer')}
          hint={t('codes.edit.issuerHint')}
          value={issuer}
          onChange={setIssuer}
        />
        <TextField label={t('codes.field.login')} value={account} onChange={setAccount} />
        <TextField
          label={t('codes.field.group')}
          hint={t('codes.edit.groupHint')}
          value={group}
          onChange={setGroup}
          list={listId}
        />
        <datalist id={listId}>
          {groups.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <TextField label={t('codes.field.note')} value={note} onChange={setNote} multiline />
        <FormError message={error} />
      </form>
    </Dialog>
  );
}
