import { XMLParser } from 'fast-xml-parser';
import { ImportError } from '../../errors';
import { words } from '../../../../shared/person-facing-error';
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

/**
 * What a settings file stays within: one element per setting (a FreeOTP file with a
 * thousand accounts has about a thousand), one or two attributes each, three levels
 * (<map><set><string>). A crafted file far past these is refused before the full parse,
 * which costs some 2 KiB of memory per attribute.
 */
export const XML_LIMITS = { elements: 20_000, attributes: 40_000, attributesPerElement: 8, depth: 8 };

/** Whether the head of the text is an Android settings file's: cheap, for sniffing. */
export function looksLikeAndroidPrefs(source: ImportSource): boolean {
  const text = source.text();
  return text !== null && /^\s*<\?xml[^>]*>\s*<map\b/.test(text.slice(0, 512));
}

/** A format's name is the same in every language. */
const XML = 'XML';

function tooMuch(what: 'elements' | 'attributes' | 'depth'): ImportError {
  return new ImportError('TOO_DEEP', words('transfer.import.xmlTooMuch', { what, format: XML }));
}

/** One linear pass over the markup counting elements, attributes and depth, stopping at a limit. */
export function checkXmlShape(text: string, limits = XML_LIMITS): void {
  let elements = 0;
  let attributes = 0;
  let depth = 0;
  let at = text.indexOf('<');
  while (at !== -1) {
    let end: number;
    if (text.startsWith('<!--', at)) end = text.indexOf('-->', at + 4) + 2;
    else if (text.startsWith('<![CDATA[', at)) end = text.indexOf(']]>', at + 9) + 2;
    else if (text.startsWith('<?', at)) end = text.indexOf('?>', at + 2) + 1;
    else if (text.startsWith('</', at)) {
      end = text.indexOf('>', at + 2);
      depth--;
    } else {
      let quote = 0;
      let count = 0;
      end = -1;
      for (let i = at + 1; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (quote !== 0) {
          if (c === quote) quote = 0;
        } else if (c === 0x22 || c === 0x27) quote = c;
        else if (c === 0x3d) count++;
        else if (c === 0x3e) {
          end = i;
          break;
        }
      }
      if (++elements > limits.elements) throw tooMuch('elements');
      attributes += count;
      if (count > limits.attributesPerElement || attributes > limits.attributes) throw tooMuch('attributes');
      if (end !== -1 && text.charCodeAt(end - 1) !== 0x2f && ++depth > limits.depth) throw tooMuch('depth');
    }
    // An unclosed construct: the parser reports the file as cut short.
    if (end < at) return;
    at = text.indexOf('<', end + 1);
  }
}

const parsedStrings = new WeakMap<ImportSource, Map<string, string> | null>();

/** The <string> values by name, or null when this is not an Android settings file; parsed once per file. */
export function androidStrings(source: ImportSource): Map<string, string> | null {
  if (!looksLikeAndroidPrefs(source)) return null;
  const cached = parsedStrings.get(source);
  if (cached !== undefined) return cached;
  const text = source.text() ?? '';
  // Entity declarations are how XML files grow a thousandfold when read; settings files have none.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new ImportError('MALFORMED', words('transfer.import.xmlEntities', { format: XML }));
  }
  checkXmlShape(text);
  let parsed: unknown;
  try {
    parsed = parser.parse(text, true);
  } catch (error) {
    throw new ImportError('MALFORMED', words('transfer.import.xmlDamaged', { format: XML }), {
      cause: error,
    });
  }
  const strings = (parsed as { map?: { string?: unknown } } | null)?.map?.string;
  const values = new Map<string, string>();
  if (Array.isArray(strings)) {
    for (const item of strings as unknown[]) {
      if (typeof item !== 'object' || item === null) continue;
      const { name, '#text': value } = item as { name?: unknown; '#text'?: unknown };
      if (typeof name === 'string') values.set(name, typeof value === 'string' ? value : '');
    }
  }
  parsedStrings.set(source, values);
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

/**
 * The first few <string> settings as written at the head of the file (names and raw
 * values, entities undone), without parsing the file: what sniffing looks at.
 */
export function headStrings(source: ImportSource, headBytes = 16_384): [string, string][] {
  if (!looksLikeAndroidPrefs(source)) return [];
  const head = (source.text() ?? '').slice(0, headBytes);
  const unescape = (text: string) =>
    text
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return [...head.matchAll(/<string\s+name\s*=\s*"([^"]*)"\s*>([^<]*)<\/string>/g)].map((match) => [
    unescape(match[1] ?? ''),
    unescape(match[2] ?? ''),
  ]);
}
