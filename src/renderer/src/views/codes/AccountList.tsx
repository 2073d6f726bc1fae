import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { EntryMeta } from '../../../../shared/ipc';
import type { Section } from './listModel';
import { AccountRow, type RowActions, type Step } from './AccountRow';
import type { CodeMap } from './useCodes';
import { useWindow } from './useWindow';
import { neighbourColours } from '../../lib/codeFormat';
import { useT } from '../../i18n';
import './AccountList.css';

// Must match the heights in AccountList.css / AccountRow.css: the window is computed from them.
export const ROW_HEIGHT = 64;
export const HEADER_HEIGHT = 40;

type Item = { kind: 'header'; group: string } | { kind: 'row'; entry: EntryMeta };

interface AccountListProps {
  sections: readonly Section[];
  codes: CodeMap;
  actions: RowActions;
  /** A row to scroll to and highlight (just added). */
  highlight?: string | null;
}

/**
 * The accounts, under group headers when any account has a group. Only rows
 * near the viewport are in the DOM, so a thousand accounts open as fast as ten;
 * Up and Down arrows move between rows (and bring off-screen ones in).
 */
export function AccountList({
  sections,
  codes,
  actions,
  highlight = null,
}: AccountListProps): React.JSX.Element {
  const t = useT();
  const scroller = useRef<HTMLDivElement>(null);
  const { items, offsets } = useMemo(() => {
    const headed = sections.some((section) => section.group !== '');
    const list: Item[] = [];
    for (const section of sections) {
      if (headed) list.push({ kind: 'header', group: section.group });
      for (const entry of section.entries) list.push({ kind: 'row', entry });
    }
    const starts = [0];
    for (const item of list)
      starts.push((starts.at(-1) ?? 0) + (item.kind === 'row' ? ROW_HEIGHT : HEADER_HEIGHT));
    return { items: list, offsets: starts };
  }, [sections]);
  const { start, end, before, after } = useWindow(scroller, offsets);
  const colours = useMemo(() => {
    const rows = items.flatMap((item) => (item.kind === 'row' ? [item.entry] : []));
    const chosen = neighbourColours(rows.map((entry) => entry.issuer || entry.account));
    return new Map(rows.map((entry, i) => [entry.id, chosen[i]]));
  }, [items]);

  const rowIndex = useMemo(() => {
    const index = new Map<string, number>();
    items.forEach((item, i) => {
      if (item.kind === 'row') index.set(item.entry.id, i);
    });
    return index;
  }, [items]);

  // Latest layout for the stable `step` below, so rows (memoized) need not re-render on scroll.
  const layout = useRef({ items, offsets, rowIndex });
  useEffect(() => {
    layout.current = { items, offsets, rowIndex };
  }, [items, offsets, rowIndex]);

  // A new account may land off-screen: bring it to the middle of the list.
  useEffect(() => {
    const i = highlight === null ? undefined : rowIndex.get(highlight);
    const el = scroller.current;
    if (i === undefined || !el) return;
    const top = offsets[i] ?? 0;
    if (top < el.scrollTop || top + ROW_HEIGHT > el.scrollTop + el.clientHeight) {
      el.scrollTop = Math.max(0, top - (el.clientHeight - ROW_HEIGHT) / 2);
    }
  }, [highlight, rowIndex, offsets]);

  /** Arrow-key travel between rows, scrolling the next one into the rendered window first. */
  const step = useCallback((id: string, to: Step): void => {
    const { items: all, offsets: at, rowIndex: index } = layout.current;
    // Home and End: from beyond either end, inwards to the first row there.
    const by = to === 'first' ? 1 : to === 'last' ? -1 : to;
    let i = to === 'first' ? 0 : to === 'last' ? all.length - 1 : (index.get(id) ?? 0) + by;
    while (all[i]?.kind === 'header') i += by;
    const target = all[i];
    const el = scroller.current;
    if (!target || target.kind !== 'row' || !el) return;
    const top = at[i] ?? 0;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    const focus = (): void =>
      document
        .querySelector<HTMLElement>(`[data-entry-id="${CSS.escape(target.entry.id)}"] .account-row__main`)
        ?.focus();
    // The row may only exist after the scroll's re-render.
    requestAnimationFrame(() => requestAnimationFrame(focus));
  }, []);

  // A list of rows (and group headers) for screen readers; only some are in the DOM, so each says
  // where it stands in the whole. The help text and spacers are outside it or hidden from it.
  return (
    <>
      <p id="codes-row-help" className="visually-hidden">
        {t('codes.list.rowHelp')}
      </p>
      <div className="account-list" ref={scroller} role="list" aria-label={t('codes.list.label')}>
        <div className="account-list__spacer" style={{ height: before }} aria-hidden="true" />
        {items.slice(start, end).map((item, shown) =>
          item.kind === 'header' ? (
            <div
              key={`group:${item.group}`}
              role="listitem"
              aria-posinset={start + shown + 1}
              aria-setsize={items.length}
            >
              <h2 className="account-list__group">
                {item.group === '' ? t('codes.list.noGroup') : <span translate="no">{item.group}</span>}
              </h2>
            </div>
          ) : (
            <AccountRow
              key={item.entry.id}
              entry={item.entry}
              code={codes.get(item.entry.id)}
              actions={actions}
              onStep={step}
              position={start + shown + 1}
              listSize={items.length}
              badgeColour={colours.get(item.entry.id)}
              highlighted={item.entry.id === highlight}
            />
          ),
        )}
        <div className="account-list__spacer" style={{ height: after }} aria-hidden="true" />
      </div>
    </>
  );
}
