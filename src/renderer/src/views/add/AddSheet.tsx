import { useEffect, useRef, useState, type ClipboardEvent } from 'react';
import { isOtpauthMigrationUri, isOtpauthUri } from '../../../../shared/otp/otpauth-uri';
import type { EntryMeta, PendingAccount } from '../../../../shared/ipc';
import { Dialog } from '../../components/Dialog';
import { useToast } from '../../components/toast';
import { CandidateList } from './CandidateList';
import { ImageFilePanel } from './ImageFilePanel';
import { ManualPanel } from './ManualPanel';
import { PasteLinkPanel } from './PasteLinkPanel';
import { PendingOffers, PendingOffersContext } from './pendingTracker';
import { ScanScreenPanel } from './ScanScreenPanel';
import type { ImportRequest } from '../transfer/ImportDialog';
import { useT, type Translate } from '../../i18n';
import { displayName } from '../codes/AccountRow';
import './AddSheet.css';

const METHODS = [
  { id: 'screen', label: 'codes.add.method.screen' },
  { id: 'image', label: 'codes.add.method.image' },
  { id: 'link', label: 'codes.add.method.link' },
  { id: 'manual', label: 'codes.add.method.manual' },
] as const;
type Method = (typeof METHODS)[number]['id'];

interface AddSheetProps {
  /** Accounts main offers (an otpauth link opened from the OS): shown ready to confirm. */
  offered: readonly PendingAccount[];
  messages: readonly string[];
  onClose: () => void;
  /** The accounts just added, to scroll to and highlight. */
  onAdded: (entries: EntryMeta[]) => void;
  /** A Google Authenticator export was given: hand it to the import flow. */
  onImport?: (request: ImportRequest) => void;
}

/** "Added GitHub (alice)", or "Added 3 accounts". */
function addedMessage(entries: readonly EntryMeta[], t: Translate): string {
  const first = entries[0];
  if (entries.length !== 1 || !first) return t('codes.toast.addedCount', { count: entries.length });
  return t('codes.toast.added', { name: displayName(first, t) });
}

/** The four ways to add an account, in the order of the brief. */
export function AddSheet({
  offered,
  messages,
  onClose,
  onAdded,
  onImport,
}: AddSheetProps): React.JSX.Element {
  const t = useT();
  const [method, setMethod] = useState<Method | null>(offered.length > 0 ? null : 'screen');
  const [pasted, setPasted] = useState<{ link?: string; image?: File; key: number }>({ key: 0 });
  const toast = useToast();
  // After choosing a way, focus goes to its first control (the field, "Scan now", "Choose an image…").
  const panel = useRef<HTMLDivElement>(null);
  const [chosenAt, setChosenAt] = useState(0);
  const choose = (next: Method): void => {
    setMethod(next);
    setChosenAt((n) => n + 1);
  };
  useEffect(() => {
    if (chosenAt === 0) return;
    panel.current
      ?.querySelector<HTMLElement>(
        'input:not([type="hidden"]):not([disabled]), textarea, select, button:not([disabled])',
      )
      ?.focus();
  }, [chosenAt]);
  const [offers] = useState(() => new PendingOffers());
  // Closing the sheet, by Escape, ✕ or after adding, discards the offers it showed and nobody added.
  const close = (): void => {
    offers.discardAll();
    onClose();
  };

  // Paste anywhere in the sheet: an image is scanned, an otpauth link goes to "Paste link".
  const onPaste = (event: ClipboardEvent<HTMLDialogElement>): void => {
    const image = [...event.clipboardData.files].find((file) => file.type.startsWith('image/'));
    if (image) {
      event.preventDefault();
      setPasted({ image, key: pasted.key + 1 });
      setMethod('image');
      return;
    }
    const target = event.target as HTMLElement;
    if (['INPUT', 'TEXTAREA'].includes(target.tagName)) return;
    const text = event.clipboardData.getData('text/plain').trim();
    if (isOtpauthUri(text) || isOtpauthMigrationUri(text)) {
      event.preventDefault();
      setPasted({ link: text, key: pasted.key + 1 });
      setMethod('link');
    }
  };

  const added = (entries: EntryMeta[]): void => {
    toast({ message: addedMessage(entries, t) });
    onAdded(entries);
    close();
  };

  return (
    <PendingOffersContext.Provider value={offers}>
      <Dialog title={t('codes.add.title')} onClose={close} size="large" onPaste={onPaste}>
        <div className="add-sheet">
          {messages.map((message) => (
            <p key={message} className="field__hint">
              {message}
            </p>
          ))}
          {offered.length > 0 && method === null ? (
            <CandidateList accounts={offered} onAdded={added} />
          ) : null}
          <div className="add-sheet__methods" role="group" aria-label={t('codes.add.methods')}>
            {METHODS.map((m) => (
              <button
                key={m.id}
                type="button"
                className="add-sheet__method"
                aria-pressed={method === m.id}
                onClick={() => choose(m.id)}
              >
                {t(m.label)}
              </button>
            ))}
          </div>
          <div className="add-sheet__panel" ref={panel}>
            {method === 'screen' ? <ScanScreenPanel onAdded={added} onImport={onImport} /> : null}
            {method === 'image' ? (
              <ImageFilePanel
                key={pasted.key}
                onAdded={added}
                initialFile={pasted.image}
                onImport={onImport}
              />
            ) : null}
            {method === 'link' ? (
              <PasteLinkPanel
                key={pasted.key}
                onAdded={added}
                initialLink={pasted.link}
                {...(onImport ? { onImport: (text: string) => onImport({ files: [], text }) } : {})}
              />
            ) : null}
            {method === 'manual' ? <ManualPanel onAdded={added} /> : null}
          </div>
        </div>
      </Dialog>
    </PendingOffersContext.Provider>
  );
}
