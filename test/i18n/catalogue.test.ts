// The catalogue is complete in every language: the same keys as English, each message parses,
// uses the same placeholders and tags, has the plural forms its language needs, and is not
// English left untranslated.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIntl } from '@formatjs/intl';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import {
  englishMessages,
  LOCALES,
  matchLocale,
  acceptLanguageTags,
  NAMESPACES,
  loadMessages,
  type Locale,
} from '../../src/shared/i18n';

const MESSAGES = join(import.meta.dirname, '../../src/shared/i18n/messages');
const TRANSLATED = LOCALES.filter((locale): locale is Exclude<Locale, 'en'> => locale !== 'en');

function file(locale: Locale, namespace: string): Record<string, string> {
  return JSON.parse(readFileSync(join(MESSAGES, locale, `${namespace}.json`), 'utf8')) as Record<
    string,
    string
  >;
}

/** Placeholder, plural/select argument and tag names a message uses, sorted. */
function argumentsOf(elements: readonly MessageFormatElement[], into = new Set<string>()): string[] {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    if (element.type === TYPE.tag) {
      into.add(`<${element.value}>`);
      argumentsOf(element.children, into);
      continue;
    }
    into.add(`${element.value}:${TYPE[element.type]}`);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) argumentsOf(option.value, into);
    }
  }
  return [...into].sort();
}

function plurals(elements: readonly MessageFormatElement[]): { options: string[]; ordinal: boolean }[] {
  const found: { options: string[]; ordinal: boolean }[] = [];
  for (const element of elements) {
    if (element.type === TYPE.plural) {
      found.push({ options: Object.keys(element.options), ordinal: element.pluralType === 'ordinal' });
    }
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) found.push(...plurals(option.value));
    }
    if (element.type === TYPE.tag) found.push(...plurals(element.children));
  }
  return found;
}

// Words that stay as they are in every language: names of products (longer names first, so
// "Authenticator Pro" goes before a shorter name inside it), standards and formats.
const UNTRANSLATABLE =
  /\b(Steam Desktop Authenticator|Steam Guard|Authenticator Pro|Duo Mobile|Ente Auth|GNOME Authenticator|Proton Authenticator|GNOME|Android|Mac|Wayland|X11|JPEG|Backspace|Twofold|TOTP|HOTP|Steam|QR|otpauth|URI|URL|PostgreSQL|SQLite|Odoo|Flectra|Aegis|Authy|andOTP|FreeOTP\+?|2FAS|Bitwarden|Ente|Raivo|Google Authenticator|Microsoft Authenticator|Proton Pass|Stratum|LastPass|JSON|CSV|HTML|PNG|SHA1|SHA256|SHA512|SHA-1|SHA-256|SHA-512|OK|ID|2FA|API|HTTPS?|IP|Syncthing|Nextcloud|Dropbox|Chrome|Chromium|Edge|Brave|Firefox|Linux|macOS|Windows|Base32|Enter|Esc|Tab|Ctrl|Alt|Shift|Cmd|Return|SMTP|UTC|POST|Web)\b/g;

function leftoverEnglish(message: string): boolean {
  const text = message
    .replace(/<\/?[a-zA-Z0-9]+>/g, ' ')
    // Arguments (`{name}`, `{n, number}`) and a plural's or select's syntax (`{n, plural,`, `one {`, `}`)
    // are not words; the options' own words are.
    .replace(/\{\s*\w+\s*(,\s*\w+\s*)?\}/g, ' ')
    // A date's or number's style (`{at, date, ::yyyyMMdd}`).
    .replace(/\{\s*\w+\s*,\s*(date|time|number)\s*,[^{}]*\}/g, ' ')
    .replace(/\{\s*\w+\s*,\s*(plural|select|selectordinal)\s*,/g, ' ')
    .replace(/[\w=]+\s*\{/g, ' ')
    .replace(/[{}#]/g, ' ')
    .replace(UNTRANSLATABLE, ' ')
    // File names, paths and host names (`accounts.json`, `shared_prefs/tokens.xml`, `maFiles/`, `example.com`, `otpauth-migration://`).
    .replace(/[\w.+:-]*(?:\/|\.(?=\w))[\w./:+-]*/g, ' ');
  return /[a-zA-Z]{3,}/.test(text);
}

describe('message catalogue', () => {
  it('English has messages, each in the file its key names, each parsing', () => {
    let count = 0;
    for (const namespace of NAMESPACES) {
      for (const [id, message] of Object.entries(file('en', namespace))) {
        expect(id.startsWith(`${namespace}.`), `${id} is in ${namespace}.json`).toBe(true);
        expect(() => parse(message), id).not.toThrow();
        count += 1;
      }
    }
    expect(count).toBeGreaterThan(500);
    expect(count).toBe(Object.keys(englishMessages).length);
  });

  describe.each(TRANSLATED)('%s', (locale) => {
    it('has exactly the English keys, namespace by namespace', () => {
      for (const namespace of NAMESPACES) {
        const english = Object.keys(file('en', namespace)).sort();
        const translated = Object.keys(file(locale, namespace)).sort();
        expect(
          translated.filter((id) => !english.includes(id)),
          `${locale}/${namespace}.json has keys English lacks`,
        ).toEqual([]);
        expect(
          english.filter((id) => !translated.includes(id)),
          `${locale}/${namespace}.json lacks keys`,
        ).toEqual([]);
      }
    });

    it('keeps every placeholder, argument and tag of the English message, with the plural forms the language needs', () => {
      const pluralRules = new Intl.PluralRules(locale);
      const ordinalRules = new Intl.PluralRules(locale, { type: 'ordinal' });
      for (const namespace of NAMESPACES) {
        const english = file('en', namespace);
        for (const [id, message] of Object.entries(file(locale, namespace))) {
          const source = english[id];
          if (source === undefined) continue;
          let parsed: MessageFormatElement[] = [];
          expect(() => (parsed = parse(message)), `${locale} ${id} parses`).not.toThrow();
          expect(argumentsOf(parsed), `${locale} ${id}`).toEqual(argumentsOf(parse(source)));
          for (const plural of plurals(parsed)) {
            const rules = plural.ordinal ? ordinalRules : pluralRules;
            const needed = rules.resolvedOptions().pluralCategories.filter((c) => c !== 'other');
            expect(plural.options, `${locale} ${id} has "other"`).toContain('other');
            for (const category of needed) {
              expect(
                plural.options.some((o) => o === category || o.startsWith('=')),
                `${locale} ${id} needs the "${category}" plural form`,
              ).toBe(true);
            }
          }
        }
      }
    });

    it('leaves no English untranslated', () => {
      const left: string[] = [];
      for (const namespace of NAMESPACES) {
        const english = file('en', namespace);
        for (const [id, message] of Object.entries(file(locale, namespace))) {
          const latinScript = !['ja', 'zh-CN', 'ar'].includes(locale);
          // Latin-script languages share words with English (e.g. "Code", "Sync", "Export"), so
          // only a whole sentence left as it is counts; elsewhere any English word does.
          const untranslated = latinScript
            ? message === english[id] && leftoverEnglish(message) && message.trim().split(/\s+/).length > 2
            : leftoverEnglish(message);
          if (untranslated) left.push(`${id}: ${message}`);
        }
      }
      expect(left).toEqual([]);
    });

    it('formats every message with sample values', async () => {
      const intl = createIntl({
        locale,
        messages: await loadMessages(locale),
        onError: (e) => {
          throw e;
        },
      });
      for (const [id, source] of Object.entries(englishMessages)) {
        const values = Object.fromEntries(
          argumentsOf(parse(source)).map((arg) =>
            arg.startsWith('<')
              ? [arg.slice(1, -1), (chunks: string[]) => chunks.join('')]
              : [
                  arg.split(':')[0],
                  arg.endsWith(':plural') || arg.endsWith(':number')
                    ? 3
                    : arg.endsWith(':date') || arg.endsWith(':time')
                      ? new Date(0)
                      : 'x',
                ],
          ),
        );
        expect(() => intl.formatMessage({ id }, values), `${locale} ${id}`).not.toThrow();
      }
    });
  });
});

describe('choosing a language', () => {
  it('matches what people and browsers ask for to the nearest language Twofold has', () => {
    expect(matchLocale(['pt-PT'])).toBe('pt-BR');
    expect(matchLocale(['de-AT', 'en'])).toBe('de');
    expect(matchLocale(['zh-Hans-SG'])).toBe('zh-CN');
    expect(matchLocale(['ar-EG'])).toBe('ar');
    expect(matchLocale(['fr-CA'])).toBe('fr');
    expect(matchLocale(['es-419'])).toBe('es');
    expect(matchLocale(['sv', 'nl-BE'])).toBe('nl');
    expect(matchLocale(['sv'])).toBe('en');
    expect(matchLocale(['not a tag', '!!', ''])).toBe('en');
  });

  it('reads Accept-Language by weight, and a hostile header costs nothing', () => {
    expect(acceptLanguageTags('fr;q=0.5, de-DE, en;q=0.1, ja;q=0')).toEqual(['de-DE', 'fr', 'en']);
    expect(matchLocale(acceptLanguageTags('ar-EG,ar;q=0.9,en;q=0.8'))).toBe('ar');
    expect(acceptLanguageTags(undefined)).toEqual([]);
    expect(acceptLanguageTags(`${'x-,'.repeat(100_000)}de`).length).toBeLessThanOrEqual(20);
  });
});
