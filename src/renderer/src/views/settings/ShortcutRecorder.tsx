import { useState } from 'react';
import { acceleratorLabel, heldModifiersLabel, recordKeyPress } from '../../../../shared/shortcut-keys';
import { FormError } from '../../components/FormError';
import { useT } from '../../i18n';

/**
 * A key recorder for a global shortcut: click it (or Enter/Space on it) and press the combination.
 * It shows the platform's names (Ctrl+Shift+Space, ⇧⌘Space) and hands back Electron's accelerator;
 * Esc keeps the old one, Backspace or Delete sets none ('').
 */
export function ShortcutRecorder({
  id,
  label,
  value,
  platform,
  disabled,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  platform: string;
  disabled: boolean;
  onChange: (accelerator: string) => void;
}): React.JSX.Element {
  const t = useT();
  const [recording, setRecording] = useState(false);
  const [held, setHeld] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const stop = (): void => {
    setRecording(false);
    setHeld('');
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLButtonElement>): void => {
    if (!recording) return;
    const recorded = recordKeyPress(event, platform);
    if (recorded.kind === 'leave') {
      stop();
      return;
    }
    // Every other key is the recorder's: no click on Space/Enter, no scrolling, no app shortcut.
    event.preventDefault();
    event.stopPropagation();
    switch (recorded.kind) {
      case 'modifiers':
        setHeld(recorded.label);
        return;
      case 'cancel':
        setProblem(null);
        stop();
        return;
      case 'clear':
        setProblem(null);
        stop();
        if (value !== '') onChange('');
        return;
      case 'refused':
        setHeld('');
        setProblem(recorded.problem);
        return;
      case 'shortcut':
        setProblem(null);
        stop();
        if (recorded.accelerator !== value) onChange(recorded.accelerator);
    }
  };

  const onKeyUp = (event: React.KeyboardEvent<HTMLButtonElement>): void => {
    if (!recording) return;
    event.preventDefault();
    // A modifier let go before any key: show what is still held.
    setHeld(heldModifiersLabel(event, platform));
  };

  const shown = recording ? (
    held === '' ? (
      t('settings.shortcut.pressKeys')
    ) : (
      t('settings.shortcut.held', { keys: held })
    )
  ) : value === '' ? (
    t('settings.shortcut.none')
  ) : (
    // Key names as the platform prints them (Ctrl+Shift+Space, ⇧⌘Space): data, not words.
    <span translate="no">{acceleratorLabel(value, platform)}</span>
  );

  return (
    <div className="field">
      <span className="field__label" id={`${id}-label`}>
        {label}
      </span>
      <button
        type="button"
        id={id}
        className={`input shortcut-recorder${recording ? ' shortcut-recorder--recording' : ''}`}
        aria-labelledby={`${id}-label ${id}`}
        aria-describedby={`${id}-hint`}
        aria-invalid={problem !== null}
        disabled={disabled}
        onClick={() => {
          setProblem(null);
          setRecording(true);
        }}
        onKeyDown={onKeyDown}
        onKeyUp={onKeyUp}
        onBlur={stop}
      >
        {shown}
      </button>
      <span id={`${id}-hint`} className="field__hint">
        {recording ? t('settings.shortcut.recordingHint') : t('settings.shortcut.hint')}
      </span>
      <FormError message={problem} />
    </div>
  );
}
