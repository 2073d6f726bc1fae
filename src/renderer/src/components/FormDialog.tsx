import { useCallback, useId, useState, type ReactNode } from 'react';
import { messageOf } from '../api/client';
import { useT } from '../i18n';
import { Dialog } from './Dialog';
import { FormError } from './FormError';

interface FormDialogProps {
  title: string;
  onClose: () => void;
  /** Called on submit (the button or Enter in a field), the browser's own submission prevented. */
  onSubmit: () => void;
  submitLabel: string;
  /** The safe choice, listed first; "Cancel" unless the dialog says what staying means. */
  cancelLabel?: string;
  /** `danger` for an action that takes something away from a person (disable, reset). */
  tone?: 'primary' | 'danger';
  busy?: boolean;
  /** Nothing to submit yet (an empty code field): the button waits. */
  submitDisabled?: boolean;
  error: string | null;
  children: ReactNode;
  /** Shown under the form, above its error: an answer the form brought back. */
  after?: ReactNode;
}

/**
 * A dialog around one form: Cancel first, the form's own submit button last (tied to the form by its
 * id, so it sits in the dialog's action bar), and the form's error under it.
 */
export function FormDialog({
  title,
  onClose,
  onSubmit,
  submitLabel,
  cancelLabel,
  tone = 'primary',
  busy = false,
  submitDisabled = false,
  error,
  children,
  after,
}: FormDialogProps): React.JSX.Element {
  const t = useT();
  const formId = useId();
  return (
    <Dialog
      title={title}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {cancelLabel ?? t('common.action.cancel')}
          </button>
          <button
            type="submit"
            form={formId}
            className={`button button--${tone}`}
            disabled={busy || submitDisabled}
          >
            {submitLabel}
          </button>
        </>
      }
    >
      <form
        id={formId}
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        {children}
      </form>
      {after}
      <FormError message={error} />
    </Dialog>
  );
}

/** A form's submission state (useSubmission). */
export interface Submission {
  readonly busy: boolean;
  readonly error: string | null;
  setError(error: string | null): void;
  run(action: () => Promise<void>, explain?: (caught: unknown) => string): Promise<void>;
}

/**
 * A form's submission state: `run` marks it busy while the action runs and turns a failure into the
 * form's error (through `explain`, by default the error's own words).
 */
export function useSubmission(): Submission {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<void>, explain: (caught: unknown) => string = messageOf): Promise<void> => {
      setBusy(true);
      setError(null);
      try {
        await action();
      } catch (caught) {
        setError(explain(caught));
      } finally {
        setBusy(false);
      }
    },
    [],
  );
  return { busy, error, setError, run };
}
