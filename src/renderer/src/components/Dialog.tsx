import { useEffect, useId, useRef, type ClipboardEventHandler, type ReactNode } from 'react';
import { useT } from '../i18n';
import './Dialog.css';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons along the bottom edge. */
  actions?: ReactNode;
  size?: 'small' | 'large';
  /** Paste anywhere in the dialog, whichever control has focus. */
  onPaste?: ClipboardEventHandler<HTMLDialogElement>;
}

/**
 * Where focus goes when a dialog opens: an element marked data-autofocus, else
 * the first field, else the first button in the body, else the first action
 * (dialogs list the safe choice, such as Cancel, first).
 */
function initialFocus(dialog: HTMLDialogElement): HTMLElement | null {
  const enabled = ':not([disabled]):not([type="hidden"])';
  return (
    dialog.querySelector<HTMLElement>('[data-autofocus]') ??
    dialog.querySelector<HTMLElement>(
      `.dialog__body :is(input${enabled}, select${enabled}, textarea${enabled})`,
    ) ??
    dialog.querySelector<HTMLElement>(`.dialog__body button${enabled}`) ??
    dialog.querySelector<HTMLElement>(`.dialog__actions button${enabled}`)
  );
}

/**
 * A modal built on the native <dialog>: showModal() makes the rest of the page
 * inert (focus stays inside) and Escape fires `cancel`, which we route to onClose.
 */
export function Dialog({
  title,
  onClose,
  children,
  actions,
  size = 'small',
  onPaste,
}: DialogProps): React.JSX.Element {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // Remember who opened us so focus can go back there on close.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // showModal() focuses the first focusable element, the ✕; move on to where typing belongs.
    initialFocus(dialog)?.focus();
    const onCancel = (event: Event): void => {
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog ref={ref} className={`dialog dialog--${size}`} aria-labelledby={titleId} onPaste={onPaste}>
      <div className="dialog__header">
        <h2 id={titleId}>{title}</h2>
        <button
          type="button"
          className="button button--quiet dialog__close"
          aria-label={t('common.action.close')}
          onClick={onClose}
        >
          ✕
        </button>
      </div>
      <div className="dialog__body">{children}</div>
      {actions ? <div className="dialog__actions">{actions}</div> : null}
    </dialog>
  );
}
