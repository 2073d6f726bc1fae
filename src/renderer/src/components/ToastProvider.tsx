import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ToastContext, type ToastOptions } from './toast';
import './Toast.css';

interface ShownToast extends ToastOptions {
  key: number;
}

/** One toast at a time, in a live region so screen readers announce it. */
export function ToastProvider({ children }: { children: ReactNode }): React.JSX.Element {
  const [toast, setToast] = useState<ShownToast | null>(null);
  const nextKey = useRef(0);

  const show = useCallback((options: ToastOptions) => {
    nextKey.current += 1;
    setToast({ ...options, key: nextKey.current });
  }, []);

  useEffect(() => {
    if (!toast) return;
    // The control just used (a copied row) may sit where the toast shows: bring it above the toast
    // (the list's scroll padding while a toast is up, see Toast.css).
    const focused = document.activeElement;
    if (focused instanceof HTMLElement && focused !== document.body)
      focused.scrollIntoView({ block: 'nearest' });
    const duration = toast.durationMs ?? (toast.action ? 8000 : 4000);
    const timer = setTimeout(() => setToast(null), duration);
    return () => clearTimeout(timer);
  }, [toast]);

  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className="toast-region" role="status" aria-live="polite">
        {toast ? (
          <div className="toast" key={toast.key}>
            <span>{toast.message}</span>
            {toast.action ? (
              <button
                type="button"
                className="button button--quiet toast__action"
                onClick={() => {
                  toast.action?.run();
                  setToast(null);
                }}
              >
                {toast.action.label}
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    </ToastContext.Provider>
  );
}
