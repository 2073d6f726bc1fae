import { useEffect } from 'react';
import type { ImportRequest } from './ImportDialog';
import { importRequestOf } from './readFiles';

const MIGRATION = /^otpauth-migration:\/\//i;

/**
 * Dropping export files (or a QR code image) anywhere on the view, or pasting
 * them or a Google Authenticator transfer link outside a text field, starts the
 * import flow. Off while `active` is false (a dialog is open).
 */
export function useImportDrop(active: boolean, start: (request: ImportRequest) => void): void {
  useEffect(() => {
    if (!active) return;
    const onDragOver = (event: DragEvent): void => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    const onDrop = (event: DragEvent): void => {
      const files = event.dataTransfer?.files;
      if (!files || files.length === 0) return;
      event.preventDefault();
      void importRequestOf(files).then(start);
    };
    const onPaste = (event: ClipboardEvent): void => {
      const target = event.target as HTMLElement | null;
      if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      const files = event.clipboardData?.files;
      if (files && files.length > 0) {
        event.preventDefault();
        void importRequestOf(files).then(start);
        return;
      }
      const text = event.clipboardData?.getData('text/plain').trim() ?? '';
      if (MIGRATION.test(text)) {
        event.preventDefault();
        start({ files: [], text });
      }
    };
    document.addEventListener('dragover', onDragOver);
    document.addEventListener('drop', onDrop);
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('dragover', onDragOver);
      document.removeEventListener('drop', onDrop);
      document.removeEventListener('paste', onPaste);
    };
  }, [active, start]);
}
