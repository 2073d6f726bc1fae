import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { call, messageOf, subscribe } from '../../api/client';
import type { EntryMeta, PendingAccount } from '../../../../shared/ipc';
import { useToast } from '../../components/toast';
import { SearchField } from '../../components/SearchField';
import { useNavigation } from '../../app/navigation';
import { ViewHeader } from '../../components/ViewHeader';
import { AddSheet } from '../add/AddSheet';
import { ImportDialog, type ImportRequest } from '../transfer/ImportDialog';
import { useImportDrop } from '../transfer/useImportDrop';
import { AccountList } from './AccountList';
import { displayName, type RowActions } from './AccountRow';
import { DeleteDialog } from './DeleteDialog';
import { EditDialog } from './EditDialog';
import { EmptyState } from './EmptyState';
import { GroupFilter } from './GroupFilter';
import { ALL_GROUPS, groupNames, inOrder, moveBy, moveTo, sectionsOf } from './listModel';
import { useCodes } from './useCodes';
import { useEntries } from './useEntries';
import { TimeLeftAnnouncer } from './TimeLeftAnnouncer';
import { UnlockPanel } from './UnlockPanel';
import { useVaultStatus } from './useVaultStatus';
import { useT } from '../../i18n';
import './CodesView.css';

// The QR encoder is only needed on an explicit reveal.
const RevealDialog = lazy(() => import('./RevealDialog').then((m) => ({ default: m.RevealDialog })));

type Open =
  | { kind: 'add'; offered: PendingAccount[]; messages: string[] }
  | { kind: 'edit' | 'reveal' | 'delete'; entry: EntryMeta }
  | { kind: 'import'; request: ImportRequest }
  | null;

function focusRow(id: string): void {
  requestAnimationFrame(() => {
    document.querySelector<HTMLElement>(`[data-entry-id="${CSS.escape(id)}"] .account-row__main`)?.focus();
  });
}

export function CodesView(): React.JSX.Element {
  const t = useT();
  const { entries, error, setLocal, reload } = useEntries();
  const [query, setQuery] = useState('');
  const [group, setGroup] = useState(ALL_GROUPS);
  const [open, setOpen] = useState<Open>(null);
  const { entryToShow, shown } = useNavigation();
  const [highlight, setHighlight] = useState<string | null>(entryToShow);
  useEffect(() => {
    if (highlight === null) return;
    const timer = setTimeout(() => setHighlight(null), 3000);
    return () => clearTimeout(timer);
  }, [highlight]);
  const toast = useToast();
  const [vault, setVault] = useVaultStatus();
  // "Show in Codes" from elsewhere (the help desk's My account): the view opens unfiltered with that
  // account highlighted (see `highlight`), and focuses it once the list is there.
  useEffect(() => {
    if (entryToShow === null || entries === null) return;
    if (entries.some((entry) => entry.id === entryToShow)) focusRow(entryToShow);
    shown();
  }, [entryToShow, entries, shown]);

  const list = useMemo(() => entries ?? [], [entries]);
  const periodsKey = useMemo(() => [...new Set(list.map((entry) => entry.period))].join(','), [list]);
  const { codes, setCode } = useCodes(periodsKey, entries?.length);
  const groups = useMemo(() => groupNames(list), [list]);
  const sections = useMemo(() => sectionsOf(list, query, group), [list, query, group]);

  // Latest values for the stable row actions below, so rows need not re-render when they change.
  const latest = useRef({ list, sections });
  useEffect(() => {
    latest.current = { list, sections };
  }, [list, sections]);

  const reorder = useCallback(
    (ids: string[], id: string, what: string) => {
      setLocal(inOrder(latest.current.list, ids));
      focusRow(id);
      toast({ message: what });
      call('entries.reorder', { ids }).catch((caught: unknown) => {
        toast({ message: t('codes.toast.orderNotSaved', { reason: messageOf(caught, t) }) });
        reload();
      });
    },
    [setLocal, reload, toast, t],
  );

  const actions = useMemo<RowActions>(
    () => ({
      copy: (entry, next) => {
        call('codes.copy', { id: entry.id, next })
          .then(({ clearsInSeconds }) =>
            toast({ message: t('codes.toast.copiedClears', { seconds: clearsInSeconds }) }),
          )
          .catch((caught: unknown) => toast({ message: messageOf(caught, t) }));
      },
      nextHotp: (entry, copy) => {
        call('codes.nextHotp', { id: entry.id, copy })
          .then((code) => {
            setCode(code);
            if (copy) toast({ message: t('common.state.copied') });
          })
          .catch((caught: unknown) => toast({ message: messageOf(caught, t) }));
      },
      edit: (entry) => setOpen({ kind: 'edit', entry }),
      reveal: (entry) => setOpen({ kind: 'reveal', entry }),
      remove: (entry) => setOpen({ kind: 'delete', entry }),
      move: (entry, by) => {
        const ids = moveBy(latest.current.list, latest.current.sections, entry.id, by);
        if (ids) {
          const name = displayName(entry, t);
          reorder(ids, entry.id, t(by < 0 ? 'codes.toast.movedUp' : 'codes.toast.movedDown', { name }));
        }
      },
      drop: (draggedId, target) => {
        const ids = moveTo(latest.current.list, draggedId, target.id);
        reorder(ids, draggedId, t('codes.toast.movedTo', { name: displayName(target, t) }));
      },
    }),
    [reorder, setCode, toast, t],
  );

  const ready = vault?.state === 'ready';
  // An otpauth link opened from the OS, or a scan elsewhere: offer it in the Add sheet. While the
  // vault is locked or not set up, it waits in main and is offered after unlocking (below).
  useEffect(() => {
    if (!ready) return;
    return subscribe('entries.offered', ({ pending, messages }) =>
      setOpen({ kind: 'add', offered: pending, messages }),
    );
  }, [ready]);
  // Links opened before the window was ready, or while locked, wait in main.
  useEffect(() => {
    if (!ready) return;
    call('entries.pending')
      .then((pending) => {
        if (pending.length > 0) setOpen({ kind: 'add', offered: pending, messages: [] });
      })
      .catch(() => undefined);
  }, [ready]);

  const canLock = ready && vault?.hasPassword === true;
  const lock = useCallback(() => {
    call('vault.lock')
      .then(setVault)
      .catch((caught: unknown) => toast({ message: messageOf(caught, t) }));
  }, [setVault, toast, t]);
  // Ctrl/Cmd+L locks, as in 1Password and KeePassXC.
  useEffect(() => {
    if (!canLock) return;
    const onKeyDown = (event: KeyboardEvent): void => {
      if (
        (event.ctrlKey || event.metaKey) &&
        !event.altKey &&
        !event.shiftKey &&
        event.key.toLowerCase() === 'l'
      ) {
        event.preventDefault();
        lock();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [canLock, lock]);

  const startImport = useCallback((request: ImportRequest) => setOpen({ kind: 'import', request }), []);
  useImportDrop(open === null && ready, startImport);

  const openAdd = (): void => setOpen({ kind: 'add', offered: [], messages: [] });
  const close = (): void => setOpen(null);

  const remove = (entry: EntryMeta): void => {
    close();
    call('entries.remove', { id: entry.id })
      .then(({ undoId }) => {
        reload();
        toast({
          message: t('codes.toast.deleted', { name: displayName(entry, t) }),
          action: {
            label: t('common.action.undo'),
            run: () => {
              call('entries.undoRemove', { undoId })
                .then(() => {
                  reload();
                  toast({ message: t('codes.toast.restored', { name: displayName(entry, t) }) });
                })
                .catch((caught: unknown) => toast({ message: messageOf(caught, t) }));
            },
          },
        });
      })
      .catch((caught: unknown) => toast({ message: messageOf(caught, t) }));
  };

  const shownCount = sections.reduce((sum, section) => sum + section.entries.length, 0);

  // Locked: no sheet or dialog stays open over the Unlock page.
  const sheet = ready ? open : null;

  return (
    <>
      <ViewHeader title={t('codes.view.title')}>
        <SearchField
          label={t('codes.view.search')}
          value={query}
          onChange={setQuery}
          onArrowDown={() => document.querySelector<HTMLElement>('.account-row__main')?.focus()}
        />
        {groups.length > 0 ? <GroupFilter groups={groups} value={group} onChange={setGroup} /> : null}
        {canLock ? (
          <button type="button" className="button" onClick={lock} aria-keyshortcuts="Control+L Meta+L">
            {t('codes.view.lock')}
          </button>
        ) : null}
        {/* Nothing can be added until the vault is set up or unlocked. */}
        {ready ? (
          <button type="button" className="button button--primary" onClick={openAdd}>
            {t('codes.view.add')}
          </button>
        ) : null}
      </ViewHeader>
      {vault && vault.state !== 'ready' ? (
        <UnlockPanel
          status={vault}
          onUnlocked={(next) => {
            setVault(next);
            reload();
          }}
        />
      ) : error ? (
        <p className="codes-view__error" role="alert">
          {error}
        </p>
      ) : null}
      {entries === null || (vault !== null && vault.state !== 'ready') ? null : entries.length === 0 ? (
        <EmptyState onAdd={openAdd} />
      ) : shownCount === 0 ? (
        <p className="codes-view__none">{t('codes.view.noMatch', { query })}</p>
      ) : (
        <>
          <AccountList sections={sections} codes={codes} actions={actions} highlight={highlight} />
          <TimeLeftAnnouncer entries={list} />
        </>
      )}
      {sheet?.kind === 'add' ? (
        <AddSheet
          offered={sheet.offered}
          messages={sheet.messages}
          onClose={close}
          onAdded={(added) => {
            reload();
            // The search or group filter could hide it: show everything, then the new one.
            setQuery('');
            setGroup(ALL_GROUPS);
            setHighlight(added.at(-1)?.id ?? null);
          }}
          onImport={startImport}
        />
      ) : null}
      {sheet?.kind === 'import' ? (
        <ImportDialog request={sheet.request} onClose={close} onImported={reload} />
      ) : null}
      {sheet?.kind === 'edit' ? (
        <EditDialog
          entry={sheet.entry}
          groups={groups}
          onClose={close}
          onSaved={reload}
          onReveal={() => setOpen({ kind: 'reveal', entry: sheet.entry })}
          onDelete={() => setOpen({ kind: 'delete', entry: sheet.entry })}
        />
      ) : null}
      {sheet?.kind === 'reveal' ? (
        <Suspense fallback={null}>
          <RevealDialog entry={sheet.entry} onClose={close} />
        </Suspense>
      ) : null}
      {sheet?.kind === 'delete' ? (
        <DeleteDialog entry={sheet.entry} onClose={close} onConfirm={() => remove(sheet.entry)} />
      ) : null}
    </>
  );
}
