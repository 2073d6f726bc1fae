// Settings → Language: the OS's language by default, or one chosen here; shown at once.
import { useEffect, useState } from 'react';
import { call } from '../../api/client';
import { LOCALE_NAMES, LOCALES, matchLocale, PSEUDO_LOCALE, isDisplayLocale } from '../../../../shared/i18n';
import type { Settings } from '../../../../shared/ipc';
import { useLanguage, useT } from '../../i18n';

interface LanguageSectionProps {
  settings: Settings | null;
  update: (patch: Partial<Settings>, options?: { quiet?: boolean }) => void;
}

export function LanguageSection({ settings, update }: LanguageSectionProps): React.JSX.Element {
  const t = useT();
  const { apply } = useLanguage();
  const [systemLocales, setSystemLocales] = useState<readonly string[]>([]);
  // The pseudo-locale finds untranslated text: offered in development and the test host only.
  const [developer, setDeveloper] = useState(import.meta.env.DEV);

  useEffect(() => {
    call('app.info')
      .then((info) => {
        setSystemLocales(info.systemLocales.length > 0 ? info.systemLocales : navigator.languages);
        if (info.shell === 'host') setDeveloper(true);
      })
      .catch(() => undefined);
  }, []);

  const systemLanguage = LOCALE_NAMES[matchLocale(systemLocales)];
  return (
    <section className="settings__section" aria-labelledby="set-language">
      <h2 id="set-language">{t('settings.language.title')}</h2>
      <div className="field">
        <label className="field__label" htmlFor="set-language-choice">
          {t('settings.language.label')}
        </label>
        <select
          id="set-language-choice"
          className="input settings__select"
          value={settings?.language ?? 'system'}
          disabled={settings === null}
          onChange={(event) => {
            const language = event.target.value;
            if (language !== 'system' && !isDisplayLocale(language)) return;
            update({ language }, { quiet: true });
            apply(language);
          }}
          aria-describedby="set-language-hint"
        >
          <option value="system">{t('settings.language.system', { language: systemLanguage })}</option>
          {LOCALES.map((locale) => (
            // Each language in its own name and script, so it can be found by whoever reads it.
            <option key={locale} value={locale} lang={locale} translate="no">
              {LOCALE_NAMES[locale]}
            </option>
          ))}
          {developer ? (
            <option value={PSEUDO_LOCALE} translate="no">
              Pseudo (en-XA)
            </option>
          ) : null}
        </select>
        <span id="set-language-hint" className="field__hint settings__hint">
          {t('settings.language.hint')}
        </span>
      </div>
    </section>
  );
}
