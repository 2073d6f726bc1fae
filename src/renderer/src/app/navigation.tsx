import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { Dialog } from '../components/Dialog';
import { useT } from '../i18n';
import type { ViewId } from './routes';

/** Work that leaving would put at risk, in words for the question asked before leaving. */
export interface LeaveGuard {
  readonly title: string;
  readonly message: string;
}

interface Navigation {
  /** Opens a view; with `entryId`, Codes shows and focuses that account. Asks first while a guard stands. */
  go(view: ViewId, options?: { entryId?: string }): void;
  /** Runs `then` now, or once the person confirms leaving what a guard protects. */
  leave(then: () => void): void;
  /** The account Codes should show and focus (set by go), until Codes has done so. */
  readonly entryToShow: string | null;
  shown(): void;
  guard(guard: LeaveGuard | null): () => void;
}

const NavigationContext = createContext<Navigation | null>(null);

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (!navigation) throw new Error('useNavigation outside NavigationProvider');
  return navigation;
}

/**
 * While `guard` is set: leaving the view (the rail, a tab, closing or reloading the window)
 * asks first. In Electron the window's close shows main's own question for the beforeunload.
 */
export function useLeaveGuard(guard: LeaveGuard | null): void {
  const { guard: register } = useNavigation();
  const title = guard?.title;
  const message = guard?.message;
  useEffect(() => {
    if (title === undefined || message === undefined) return;
    const unregister = register({ title, message });
    const onBeforeUnload = (event: BeforeUnloadEvent): void => {
      event.preventDefault();
      // Older engines ask only when returnValue is set.
      event.returnValue = message;
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      unregister();
    };
  }, [register, title, message]);
}

/** The view shown, the account to show in Codes, and the question before leaving guarded work. */
export function NavigationProvider({
  view,
  onView,
  children,
}: {
  view: ViewId;
  onView: (view: ViewId) => void;
  children: ReactNode;
}): React.JSX.Element {
  const t = useT();
  const guards = useRef(new Set<LeaveGuard>());
  const [asking, setAsking] = useState<{ guard: LeaveGuard; then: () => void } | null>(null);
  const [entryToShow, setEntryToShow] = useState<string | null>(null);

  const guard = useCallback((next: LeaveGuard | null) => {
    if (next === null) return () => undefined;
    guards.current.add(next);
    return () => {
      guards.current.delete(next);
    };
  }, []);

  const leave = useCallback((then: () => void) => {
    const [standing] = guards.current;
    if (standing === undefined) then();
    else setAsking({ guard: standing, then });
  }, []);

  const go = useCallback(
    (next: ViewId, options: { entryId?: string } = {}) => {
      if (next === view && options.entryId === undefined) return;
      leave(() => {
        setEntryToShow(options.entryId ?? null);
        onView(next);
      });
    },
    [view, leave, onView],
  );

  const shown = useCallback(() => setEntryToShow(null), []);

  const value = useMemo<Navigation>(
    () => ({ go, leave, entryToShow, shown, guard }),
    [go, leave, entryToShow, shown, guard],
  );

  return (
    <NavigationContext.Provider value={value}>
      {children}
      {asking ? (
        <Dialog
          title={asking.guard.title}
          onClose={() => setAsking(null)}
          actions={
            <>
              <button type="button" className="button" onClick={() => setAsking(null)}>
                {t('codes.leave.stay')}
              </button>
              <button
                type="button"
                className="button button--danger"
                onClick={() => {
                  const { then } = asking;
                  setAsking(null);
                  then();
                }}
              >
                {t('codes.leave.leave')}
              </button>
            </>
          }
        >
          <p>{asking.guard.message}</p>
        </Dialog>
      ) : null}
    </NavigationContext.Provider>
  );
}
