import { XMLParser } from 'fast-xml-parser';
import { ImportError } from '../../errors';
import type { ImportSource } from '../../input';

/**
 * Android apps' settings files (shared_prefs/*.xml, readable with root or from a
 * device backup): <map> of <string name="…">value</string>. Some apps keep their
 * accounts there as JSON strings.
 */

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => name === 'string',
  parseTagValue: false,
});

/** The <string> values by name, or null when this is not an Android settings file. */
export function androidStrings(source: ImportSource): Map<string, string> | null {
  const text = source.text();
  if (text === null || !/^\s*<\?xml[^>]*>\s*<map\b/.test(text.slice(0, 512))) return null;
  // Entity declarations are how XML files grow a thousandfold when read; settings files have none.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new ImportError(
      'MALFORMED',
      'This XML file declares entities, which no Android settings file does.',
    );
  }
  let parsed: unknown;
  try {
    parsed = parser.parse(text, true);
  } catch (error) {
    throw new ImportError('MALFORMED', 'This XML file is damaged or cut short.', { cause: error });
  }
  const strings = (parsed as { map?: { string?: unknown } } | null)?.map?.string;
  const values = new Map<string, string>();
  if (!Array.isArray(strings)) return values;
  for (const item of strings as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { name, '#text': value } = item as { name?: unknown; '#text'?: unknown };
    if (typeof name === 'string') values.set(name, typeof value === 'string' ? value : '');
  }
  return values;
}

/** Whether the file is an Android settings file holding one of these keys (never throws: for sniffing). */
export function androidStringsIfAny(source: ImportSource): Map<string, string> | null {
  try {
    return androidStrings(source);
  } catch {
    return null;
  }
}
