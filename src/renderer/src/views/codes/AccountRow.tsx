import { memo, useState, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import type { EntryCode, EntryMeta } from '../../../../shared/ipc';
import { useEnding } from '../../lib/clock';
import { groupCode, spokenCode } from '../../lib/codeFormat';
import { Icon } from '../../components/Icon';
import { Menu, type MenuItem } from '../../components/Menu';
import { Badge } from './Badge';
import { CountdownRing } from './CountdownRing';
import { useT, type Translate } from '../../i18n';
import './AccountRow.css';

export interface RowActions {
  copy: (entry: EntryMeta, next: boolean) => void;
  /** HOTP: advance the counter and show the new code, copying it when asked. */
  nextHotp: (entry: EntryMeta, copy: boolean) => void;
  edit: (entry: EntryMeta) => void;
  reveal: (entry: EntryMeta) => void;
  /** Asks first (the delete dialog). */
  remove: (entry: EntryMeta) => void;
  /** Keyboard reorder: -1 up, +1 down. */
  move: (entry: EntryMeta, by: -1 | 1) => void;
  /** Drag reorder: put the dragged entry where `target` is. */
  drop: (draggedId: string, target: EntryMeta) => void;
}

interface AccountRowProps {
  entry: EntryMeta;
  code: EntryCode | undefined;
  actions: RowActions;
  /** Plain Up/Down: focus the previous or next row; Home/End: the first or last. */
  onStep: (id: string, to: Step) => void;
  /** The row's place in the list, for screen readers (the list shows only rows near the viewport). */
  position: number;
  listSize: number;
  badgeColour?: number | undefined;
  /** Just added: shown highlighted for a moment. */
  highlighted?: boolean;
}

const DRAG_TYPE = 'application/x-twofold-entry';

/** Where arrow keys take focus: one row up or down, or the first or last row. */
export type Step = -1 | 1 | 'first' | 'last';

/** The code as shown, and to screen readers as its digits in groups (see spokenCode). */
function ShownCode({ code, type }: { code: string; type: string }): React.JSX.Element {
  return (
    <span role="img" aria-label={spokenCode(code, type)}>
      {groupCode(code, type)}
    </span>
  );
}

/** How an account is named in messages: "GitHub (alice)", or whichever of the two it has. */
export function displayName(entry: EntryMeta, t: Translate): string {
  return entry.issuer && entry.account
    ? t('codes.entry.name', { issuer: entry.issuer, account: entry.account })
    : entry.issuer || entry.account;
}

function NextCode({ entry, code }: { entry: EntryMeta; code: string }): React.JSX.Element | null {
  const t = useT();
  const ending = useEnding(entry.period);
  if (!ending) return null;
  return (
    <span className="account-row__next">
      <span className="visually-hidden">{t('codes.row.nextCodeLabel')} </span>
      <span translate="no" dir="ltr">
        <ShownCode code={code} type={entry.type} />
      </span>
    </span>
  );
}

/**
 * One account: click or Enter copies the code (a copy icon says so on hover and
 * focus); ↑/↓ go to the next row, Alt+↑/↓ move it; the pencil edits it; the ⋯
 * button and the context menu hold the rest, Delete last and in red.
 */
export const AccountRow = memo(function AccountRow({
  entry,
  code,
  actions,
  onStep,
  position,
  listSize,
  badgeColour,
  highlighted = false,
}: AccountRowProps): React.JSX.Element {
  const t = useT();
  const isHotp = entry.type === 'hotp';
  const current = code?.code ?? null;

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>): void => {
    if (event.key === 'Enter' && event.shiftKey && !isHotp) {
      event.preventDefault();
      actions.copy(entry, true);
      return;
    }
    if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      onStep(entry.id, event.key === 'Home' ? 'first' : 'last');
      return;
    }
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    event.preventDefault();
    const by = event.key === 'ArrowUp' ? -1 : 1;
    if (event.altKey) actions.move(entry, by);
    else onStep(entry.id, by);
  };

  const onDragStart = (event: DragEvent<HTMLDivElement>): void => {
    event.dataTransfer.setData(DRAG_TYPE, entry.id);
    event.dataTransfer.effectAllowed = 'move';
  };
  const [dropTarget, setDropTarget] = useState(false);
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const name = displayName(entry, t);
  const menuItems: MenuItem[] = [
    ...(isHotp
      ? [{ label: t('codes.row.menu.nextCode'), onSelect: () => actions.nextHotp(entry, true) }]
      : [{ label: t('codes.row.menu.copy'), onSelect: () => actions.copy(entry, false) }]),
    { label: t('codes.row.menu.edit'), onSelect: () => actions.edit(entry) },
    { label: t('codes.row.menu.reveal'), onSelect: () => actions.reveal(entry) },
    { label: t('codes.row.menu.delete'), onSelect: () => actions.remove(entry), danger: true },
  ];
  const onContextMenu = (event: MouseEvent<HTMLDivElement>): void => {
    event.preventDefault();
    setMenuAt({ x: event.clientX, y: event.clientY });
  };
  const openMenuBelow = (event: MouseEvent<HTMLButtonElement>): void => {
    const box = event.currentTarget.getBoundingClientRect();
    setMenuAt({ x: box.right - 180, y: box.bottom + 4 });
  };
  const closeMenu = (): void => {
    setMenuAt(null);
    document
      .querySelector<HTMLElement>(`[data-entry-id="${CSS.escape(entry.id)}"] .account-row__more`)
      ?.focus();
  };
  const onDragOver = (event: DragEvent<HTMLDivElement>): void => {
    if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
    event.preventDefault();
    setDropTarget(true);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    setDropTarget(false);
    const dragged = event.dataTransfer.getData(DRAG_TYPE);
    if (!dragged) return;
    event.preventDefault();
    if (dragged !== entry.id) actions.drop(dragged, entry);
  };

  return (
    <div
      className={`account-row${isHotp ? ' account-row--hotp' : ''}${dropTarget ? ' account-row--drop' : ''}${highlighted ? ' account-row--new' : ''}`}
      draggable
      role="listitem"
      aria-posinset={position}
      aria-setsize={listSize}
      data-entry-id={entry.id}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragLeave={() => setDropTarget(false)}
      onDrop={onDrop}
      onContextMenu={onContextMenu}
    >
      <button
        type="button"
        className="account-row__main"
        aria-describedby="codes-row-help"
        onClick={(event) => {
          if (current === null && isHotp) actions.nextHotp(entry, true);
          // Shift: the next code, for a form that will only be sent after this one expires.
          else actions.copy(entry, event.shiftKey && !isHotp);
        }}
        onKeyDown={onKeyDown}
      >
        <Badge issuer={entry.issuer} account={entry.account} colour={badgeColour} />
        <span className="account-row__names">
          <span className="account-row__issuer" translate="no">
            {entry.issuer || entry.account}
          </span>
          {entry.issuer && entry.account ? (
            <span className="account-row__login" translate="no" dir="ltr">
              {entry.account}
            </span>
          ) : null}
        </span>
        <span className="account-row__code" data-code={current ?? ''} translate="no" dir="ltr">
          {current === null ? (
            <span className="account-row__placeholder">{isHotp ? t('codes.row.getCode') : '··· ···'}</span>
          ) : (
            <ShownCode code={current} type={entry.type} />
          )}
        </span>
        {/* A fixed width (less the HOTP row's extra button), so codes of both kinds line up in one column. */}
        <span className="account-row__trail">
          {/* The next code's place is kept empty until it shows, so the code never moves. */}
          {isHotp ? null : (
            <span className="account-row__next-slot">
              {code?.nextCode ? <NextCode entry={entry} code={code.nextCode} /> : null}
            </span>
          )}
          <span className="account-row__copy" aria-hidden="true">
            <Icon name="copy" />
          </span>
          {isHotp ? null : <CountdownRing period={entry.period} />}
        </span>
      </button>
      {isHotp ? (
        <button
          type="button"
          className="button button--quiet account-row__action"
          aria-label={t('codes.row.nextFor', { name })}
          onClick={() => actions.nextHotp(entry, false)}
        >
          <Icon name="next" />
        </button>
      ) : null}
      <button
        type="button"
        className="button button--quiet account-row__action"
        aria-label={t('codes.row.editFor', { name })}
        onClick={() => actions.edit(entry)}
      >
        <Icon name="edit" />
      </button>
      <button
        type="button"
        className="button button--quiet account-row__action account-row__more"
        aria-label={t('codes.row.moreFor', { name })}
        aria-haspopup="menu"
        aria-expanded={menuAt !== null}
        onClick={openMenuBelow}
      >
        <Icon name="more" />
      </button>
      {menuAt ? (
        <Menu label={t('codes.row.menuLabel', { name })} items={menuItems} at={menuAt} onClose={closeMenu} />
      ) : null}
    </div>
  );
});
