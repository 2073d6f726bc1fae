import { useId, useState, type FormEvent } from 'react';
import { call, messageOf } from '../../api/client';
import type { EntryMeta } from '../../../../shared/ipc';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast';
import { displayName } from './AccountRow';
import { FormError } from '../../components/FormError';

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
      setError('Give the account an issuer or a login, so you can tell it apart.');
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
        toast({ message: `Saved ${displayName(saved)}` });
        onSaved();
        onClose();
      })
      .catch((caught: unknown) => {
        setError(messageOf(caught));
        setSaving(false);
      });
  };

  return (
    <Dialog
      title={`Edit ${displayName(entry)}`}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button button--quiet-danger" onClick={onDelete}>
            Delete…
          </button>
          <button type="button" className="button button--quiet" onClick={onReveal}>
            Show QR code…
          </button>
          <button type="submit" form={formId} className="button button--primary" disabled={saving}>
            Save
          </button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={save}>
        <TextField
          label="Issuer"
          hint="The website or service the code is for."
          value={issuer}
          onChange={setIssuer}
        />
        <TextField label="Login" value={account} onChange={setAccount} />
        <TextField
          label="Group"
          hint="Accounts in a group are listed together."
          value={group}
          onChange={setGroup}
          list={listId}
        />
        <datalist id={listId}>
          {groups.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <TextField label="Note" value={note} onChange={setNote} multiline />
        <FormError message={error} />
      </form>
    </Dialog>
  );
}
