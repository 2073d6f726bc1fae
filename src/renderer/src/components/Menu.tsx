import { useEffect, useRef, type KeyboardEvent } from 'react';
import './Menu.css';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  /** Styled as destructive (Delete). */
  danger?: boolean;
}

interface MenuProps {
  label: string;
  items: readonly MenuItem[];
  /** Where the menu's top-left corner goes, in viewport pixels. */
  at: { x: number; y: number };
  onClose: () => void;
}

/**
 * A small action menu (a row's ⋯ button or its context menu): focus starts on
 * the first item, arrows move, Enter chooses, Escape, Tab or a click elsewhere closes.
 */
export function Menu({ label, items, at, onClose }: MenuProps): React.JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    // Keep the whole menu inside the window.
    const box = menu.getBoundingClientRect();
    menu.style.left = `${Math.max(8, Math.min(at.x, window.innerWidth - box.width - 8))}px`;
    menu.style.top = `${Math.max(8, Math.min(at.y, window.innerHeight - box.height - 8))}px`;
    menu.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const outside = (event: MouseEvent): void => {
      if (!menu.contains(event.target as Node)) onCloseRef.current();
    };
    document.addEventListener('mousedown', outside, true);
    return () => document.removeEventListener('mousedown', outside, true);
  }, [at.x, at.y]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const buttons = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number): void => buttons[(i + buttons.length) % buttons.length]?.focus();
    if (event.key === 'ArrowDown') focusAt(index + 1);
    else if (event.key === 'ArrowUp') focusAt(index - 1);
    else if (event.key === 'Home') focusAt(0);
    else if (event.key === 'End') focusAt(-1);
    else if (event.key === 'Escape' || event.key === 'Tab') onClose();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div ref={ref} className="menu" role="menu" aria-label={label} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className={`menu__item${item.danger ? ' menu__item--danger' : ''}`}
          onClick={() => {
            onClose();
            item.onSelect();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
