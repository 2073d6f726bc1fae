import './SearchField.css';

interface SearchFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  /** Down arrow: go from the search to the results. */
  onArrowDown?: () => void;
}

/**
 * The search box at the top of a view. `data-view-search` is how the global
 * Ctrl/Cmd+F and `/` shortcut finds the one in the visible view.
 */
export function SearchField({
  label,
  value,
  onChange,
  placeholder,
  onArrowDown,
}: SearchFieldProps): React.JSX.Element {
  return (
    <div className="search-field">
      <input
        type="search"
        className="input search-field__input"
        aria-label={label}
        placeholder={placeholder ?? label}
        value={value}
        data-view-search=""
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && onArrowDown) {
            event.preventDefault();
            onArrowDown();
          } else if (event.key === 'Escape' && value !== '') {
            event.stopPropagation();
            onChange('');
          }
        }}
      />
      <kbd className="search-field__hint" aria-hidden="true">
        /
      </kbd>
    </div>
  );
}
