// The renderer's language: the Settings choice, else the OS's (the browser's in the test host).
// Changing it re-renders the app in place, without a restart; <html lang dir> follow, so Arabic
// mirrors the layout through CSS logical properties.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { IntlProvider } from 'react-intl';
import { call } from '../api/client';
import {
  englishMessages,
  loadMessages,
  matchLocale,
  textDirection,
  type DisplayLocale,
  type LoadedMessages,
} from '../../../shared/i18n';
import type { Settings } from '../../../shared/ipc';

type LanguageSetting = Settings['language'];

interface LanguageState {
  /** What Settings says: a locale, or `system`. */
  readonly setting: LanguageSetting;
  /** The locale in use. */
  readonly locale: DisplayLocale;
  /** Shows another language at once (the caller saves the setting). */
  readonly apply: (setting: LanguageSetting) => void;
}

const LanguageContext = createContext<LanguageState>({
  setting: 'system',
  locale: 'en',
  apply: () => undefined,
});

export function useLanguage(): LanguageState {
  return useContext(LanguageContext);
}

function resolve(setting: LanguageSetting, systemLocales: readonly string[]): DisplayLocale {
  if (setting !== 'system') return setting;
  return matchLocale(systemLocales.length > 0 ? systemLocales : navigator.languages);
}

interface Loaded {
  readonly setting: LanguageSetting;
  readonly locale: DisplayLocale;
  readonly messages: LoadedMessages;
}

export function I18nProvider({ children }: { children: React.ReactNode }): React.JSX.Element | null {
  const [systemLocales, setSystemLocales] = useState<readonly string[] | null>(null);
  const [wanted, setWanted] = useState<LanguageSetting | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    // Without main (a broken bridge) the app still speaks the browser's language.
    call('app.info')
      .then((info) => setSystemLocales(info.systemLocales))
      .catch(() => setSystemLocales([]));
    call('app.settings')
      .then((settings) => setWanted(settings.language))
      .catch(() => setWanted('system'));
  }, []);

  useEffect(() => {
    if (wanted === null || systemLocales === null) return;
    let current = true;
    const locale = resolve(wanted, systemLocales);
    loadMessages(locale)
      .catch(() => ({ ...englishMessages }))
      .then((messages) => {
        if (current) setLoaded({ setting: wanted, locale, messages });
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [wanted, systemLocales]);

  useEffect(() => {
    if (!loaded) return;
    document.documentElement.lang = loaded.locale;
    document.documentElement.dir = textDirection(loaded.locale);
  }, [loaded]);

  const apply = useCallback((setting: LanguageSetting) => setWanted(setting), []);
  const state = useMemo(
    () => ({ setting: loaded?.setting ?? 'system', locale: loaded?.locale ?? 'en', apply }),
    [loaded, apply],
  );

  // The first paint waits for the language (a few milliseconds): no flash of English.
  if (!loaded) return null;
  return (
    <LanguageContext.Provider value={state}>
      <IntlProvider
        locale={loaded.locale}
        messages={loaded.messages}
        defaultLocale="en"
        onError={reportIntlError}
      >
        {children}
      </IntlProvider>
    </LanguageContext.Provider>
  );
}

function reportIntlError(error: { code: string; message: string }): void {
  // A missing translation falls back to English by design (the catalogue test keeps it from
  // happening); anything else is a bug in a message and worth a console line in development.
  if (error.code !== 'MISSING_TRANSLATION') console.error(error.message);
}
