import { useState } from 'react';
import { call, messageOf } from '../../api/client';
import type { EntryMeta } from '../../../../shared/ipc';
import type { ScanResult } from '../../../../shared/ipc';
import { ScanOutcome } from './ScanOutcome';
import { FormError } from '../../components/FormError';
import type { ImportRequest } from '../transfer/ImportDialog';
import { useT } from '../../i18n';

/** Looks for QR codes on every display, e.g. the page showing "scan this with your authenticator". */
export function ScanScreenPanel({
  onAdded,
  onImport,
}: {
  onAdded: (entries: EntryMeta[]) => void;
  /** A Google Authenticator export on screen goes to the import flow. */
  onImport?: ((request: ImportRequest) => void) | undefined;
}): React.JSX.Element {
  const t = useT();
  const [result, setResult] = useState<ScanResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const scan = (): void => {
    setBusy(true);
    setError(null);
    setResult(null);
    call('scan.screen')
      .then(setResult)
      .catch((caught: unknown) => setError(messageOf(caught, t)))
      .finally(() => setBusy(false));
  };

  return (
    <div className="form">
      <p>{t('codes.scan.intro')}</p>
      <div>
        <button type="button" className="button button--primary" onClick={scan} disabled={busy}>
          {busy ? t('codes.scan.scanning') : t('codes.scan.now')}
        </button>
      </div>
      <FormError message={error} />
      {result ? <ScanOutcome result={result} onAdded={onAdded} onImport={onImport} /> : null}
    </div>
  );
}
