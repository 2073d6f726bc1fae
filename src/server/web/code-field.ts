import { html, type SafeHtml } from './html';

/** The labelled one-time-code input of every 2FA form (field name `code`); a code reads left to right. */
export function codeField(label: string, options: { autofocus?: boolean } = {}): SafeHtml {
  return html`<label for="code">${label}</label>
    <input
      type="text"
      id="code"
      name="code"
      inputmode="numeric"
      autocomplete="one-time-code"
      dir="ltr"
      required
      ${options.autofocus ? html`autofocus` : ''}
    />`;
}
