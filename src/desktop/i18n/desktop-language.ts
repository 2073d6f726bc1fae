// The app's language outside the window (the tray menu): the same choice as the renderer's —
// Settings → Language, else the OS's — formatted by @formatjs/intl from the same catalogue
// (src/shared/i18n/translate.ts).
import {
  englishMessages,
  englishTranslate,
  loadMessages,
  matchLocale,
  translatorFor,
  type DisplayLocale,
  type Translate,
} from '../../shared/i18n';
import type { Settings } from '../../shared/ipc/channels/app';

export type DesktopTranslate = Translate;
/** English, for callers with no settings (tests, the CLI). */
export { englishTranslate };

export function displayLocale(
  language: Settings['language'],
  systemLocales: readonly string[],
): DisplayLocale {
  return language === 'system' ? matchLocale(systemLocales) : language;
}

/** Follows the language setting; `t` always speaks the current one. */
export class DesktopLanguage {
  #t: DesktopTranslate = englishTranslate;
  #locale: DisplayLocale = 'en';
  #setting: Settings['language'] | null = null;
  readonly #listeners = new Set<() => void>();
  #generation = 0;

  constructor(private readonly systemLocales: readonly string[]) {}

  get locale(): DisplayLocale {
    return this.#locale;
  }

  /** The setting last applied (null before the first). */
  get setting(): Settings['language'] | null {
    return this.#setting;
  }

  readonly t: DesktopTranslate = (id, values) => this.#t(id, values);

  /** Loads the language a setting names; the last call wins when several overlap. */
  async apply(language: Settings['language']): Promise<void> {
    const generation = ++this.#generation;
    this.#setting = language;
    const locale = displayLocale(language, this.systemLocales);
    const messages = await loadMessages(locale).catch(() => ({ ...englishMessages }));
    if (generation !== this.#generation) return;
    this.#locale = locale;
    this.#t = translatorFor(locale, messages);
    for (const listener of this.#listeners) listener();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
