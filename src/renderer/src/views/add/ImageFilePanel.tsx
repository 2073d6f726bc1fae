import { useEffect, useRef, useState, type DragEvent } from 'react';
import { call, messageOf } from '../../api/client';
import type { EntryMeta } from '../../../../shared/ipc';
import type { ScanResult } from '../../../../shared/ipc';
import { ScanOutcome } from './ScanOutcome';
import { FormError } from '../../components/FormError';
import type { ImportRequest } from '../transfer/ImportDialog';
import { useT } from '../../i18n';

/** A screenshot or photo of a QR code: chosen, dropped or pasted. */
interface ImageFilePanelProps {
  onAdded: (entries: EntryMeta[]) => void;
  /** An image pasted elsewhere in the sheet: scanned at once. */
  initialFile?: File | undefined;
  /** A Google Authenticator export in the image goes to the import flow. */
  onImport?: ((request: ImportRequest) => void) | undefined;
}

export function ImageFilePanel({ onAdded, initialFile, onImport }: ImageFilePanelProps): React.JSX.Element {
  const t = useT();
  const [result, setResult] = useState<ScanResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);

  const run = (scan: Promise<ScanResult>): void => {
    setBusy(true);
    setError(null);
    setResult(null);
    scan
      .then(setResult)
      .catch((caught: unknown) => setError(messageOf(caught, t)))
      .finally(() => setBusy(false));
  };

  const scanFile = (file: File | undefined | null): void => {
    if (!file) return;
    if (!/^image\//.test(file.type) && !/\.(png|jpe?g|gif|bmp|webp)$/i.test(file.name)) {
      // Only this message now: what an earlier scan said no longer applies.
      setResult(null);
      setError(t('codes.image.notImage', { file: file.name }));
      return;
    }
    run(
      file
        .arrayBuffer()
        .then((buffer) => call('scan.image', { data: new Uint8Array(buffer), name: file.name })),
    );
  };

  // Scan a pasted image once, when the panel opens with it.
  const scanned = useRef(false);
  const scanFileRef = useRef(scanFile);
  useEffect(() => {
    if (initialFile && !scanned.current) {
      scanned.current = true;
      scanFileRef.current(initialFile);
    }
  }, [initialFile]);

  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    setOver(false);
    scanFile(event.dataTransfer.files[0]);
  };

  return (
    <div className="form">
      <div
        className={`dropzone${over ? ' dropzone--over' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>{t('codes.image.drop')}</p>
        <label className="button">
          {t('codes.image.choose')}
          <input
            type="file"
            accept="image/png,image/jpeg,image/gif,image/bmp,image/webp"
            className="visually-hidden"
            aria-label={t('codes.image.chooseLabel')}
            onChange={(event) => {
              scanFile(event.target.files?.[0]);
              event.target.value = '';
            }}
          />
        </label>
        <button type="button" className="button" disabled={busy} onClick={() => run(call('scan.clipboard'))}>
          {t('codes.image.clipboard')}
        </button>
      </div>
      {busy ? <p>{t('codes.image.scanning')}</p> : null}
      <FormError message={error} />
      {result ? <ScanOutcome result={result} onAdded={onAdded} onImport={onImport} /> : null}
    </div>
  );
}
