import { Dialog } from '../../components/Dialog';
import type { EntryMeta } from '../../../../shared/ipc';
import { displayName } from './AccountRow';

interface DeleteDialogProps {
  entry: EntryMeta;
  onClose: () => void;
  onConfirm: () => void;
}

export function DeleteDialog({ entry, onClose, onConfirm }: DeleteDialogProps): React.JSX.Element {
  const name = displayName(entry);
  return (
    <Dialog
      title={`Delete ${name}?`}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button type="button" className="button button--danger" onClick={onConfirm}>
            Delete {name}
          </button>
        </>
      }
    >
      <p>
        Twofold will stop showing codes for this account. If two-factor authentication is still on for it,
        make sure you have another way to sign in — such as recovery codes — before you delete it.
      </p>
    </Dialog>
  );
}
