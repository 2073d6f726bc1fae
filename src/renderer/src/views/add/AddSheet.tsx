import { useState } from 'react';
import type { EntryMeta, PendingAccount } from '../../../../shared/ipc';
import { Dialog } from '../../components/Dialog';
import { useToast } from '../../components/toast';
import { CandidateList } from './CandidateList';
import { ImageFilePanel } from './ImageFilePanel';
import { ManualPanel } from './ManualPanel';
import { PasteLinkPanel } from './PasteLinkPanel';
import { ScanScreenPanel } from './ScanScreenPanel';
import './AddSheet.css';

const METHODS = [
  { id: 'screen', label: 'Scan screen' },
  { id: 'image', label: 'Image file' },
  { id: 'link', label: 'Paste link' },
  { id: 'manual', label: 'Enter manually' },
] as const;
type Method = (typeof METHODS)[number]['id'];

interface AddSheetProps {
  /** Accounts main offers (an otpauth link opened from the OS): shown ready to confirm. */
  offered: readonly PendingAccount[];
  messages: readonly string[];
  onClose: () => void;
  onAdded: () => void;
}

function names(entries: readonly EntryMeta[]): string {
  const first = entries[0];
  if (entries.length !== 1 || !first) return `${entries.length} accounts`;
  return first.issuer && first.account ? `${first.issuer} (${first.account})` : first.issuer || first.account;
}

/** The four ways to add an account, in the order of the brief. */
export function AddSheet({ offered, messages, onClose, onAdded }: AddSheetProps): React.JSX.Element {
  const [method, setMethod] = useState<Method | null>(offered.length > 0 ? null : 'screen');
  const toast = useToast();
  const added = (entries: EntryMeta[]): void => {
    toast({ message: `Added ${names(entries)}` });
    onAdded();
    onClose();
  };

  return (
    <Dialog title="Add an account" onClose={onClose} size="large">
      {messages.map((message) => (
        <p key={message} className="field__hint">
          {message}
        </p>
      ))}
      {offered.length > 0 && method === null ? <CandidateList accounts={offered} onAdded={added} /> : null}
      <div className="add-sheet__methods" role="group" aria-label="How to add">
        {METHODS.map((m) => (
          <button
            key={m.id}
            type="button"
            className="add-sheet__method"
            aria-pressed={method === m.id}
            onClick={() => setMethod(m.id)}
          >
            {m.label}
          </button>
        ))}
      </div>
      <div className="add-sheet__panel">
        {method === 'screen' ? <ScanScreenPanel onAdded={added} /> : null}
        {method === 'image' ? <ImageFilePanel onAdded={added} /> : null}
        {method === 'link' ? <PasteLinkPanel onAdded={added} /> : null}
        {method === 'manual' ? <ManualPanel onAdded={added} /> : null}
      </div>
    </Dialog>
  );
}
