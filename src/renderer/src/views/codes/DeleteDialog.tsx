import { Dialog } from '../../components/Dialog';
import type { EntryMeta } from '../../../../shared/ipc';
import { displayName } from './AccountRow';
import { useT } from '../../i18n';

interface DeleteDialogProps {
  entry: EntryMeta;
  onClose: () => void;
  onConfirm: () => void;
}

export function DeleteDialog({ entry, onClose, onConfirm }: DeleteDialogProps): React.JSX.Element {
  const t = useT();
  const name = displayName(entry, t);
  return (
    <Dialog
      title={t('codes.delete.title', { name })}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose} data-autofocus>
            {t('common.action.cancel')}
          </button>
          <button type="button" className="button button--danger" onClick={onConfirm}>
            {t('codes.delete.confirm', { name })}
          </button>
        </>
      }
    >
      <p>{t('codes.delete.body')}</p>
    </Dialog>
  );
}
