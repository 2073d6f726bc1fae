// The pseudo-locale: English with every letter accented, 40 % longer and in brackets. A string
// shown without brackets did not come from the catalogue; one cut short shows a layout that
// cannot take a longer language. Placeholders, plural and select arguments and tags are kept,
// so a pseudo message formats exactly like its English source.
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

const ACCENTED: Readonly<Record<string, string>> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((letter, i) => [
    letter,
    [...'åƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][i] ?? letter,
  ]),
);

function accent(text: string): string {
  return [...text].map((ch) => ACCENTED[ch] ?? ch).join('');
}

function literalLength(elements: readonly MessageFormatElement[]): number {
  let length = 0;
  for (const element of elements) {
    if (element.type === TYPE.literal) length += element.value.length;
    else if (element.type === TYPE.tag) length += literalLength(element.children);
    else if (element.type === TYPE.plural || element.type === TYPE.select) {
      length += Math.max(0, ...Object.values(element.options).map((o) => literalLength(o.value)));
    } else length += 3;
  }
  return length;
}

function accentAll(elements: readonly MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((element): MessageFormatElement => {
    switch (element.type) {
      case TYPE.literal:
        return { ...element, value: accent(element.value) };
      case TYPE.tag:
        return { ...element, children: accentAll(element.children) };
      case TYPE.plural:
      case TYPE.select:
        return {
          ...element,
          options: Object.fromEntries(
            Object.entries(element.options).map(([key, option]) => [
              key,
              { ...option, value: accentAll(option.value) },
            ]),
          ),
        };
      default:
        return element;
    }
  });
}

/** `Sign in` → `[Šîĝñ îñ ‥‥]`, as a parsed message (react-intl and @formatjs/intl take either). */
export function pseudoMessage(source: string): MessageFormatElement[] {
  const elements = parse(source);
  const padding = Math.ceil(literalLength(elements) * 0.4);
  return [
    { type: TYPE.literal, value: '[' },
    ...accentAll(elements),
    { type: TYPE.literal, value: `${padding > 1 ? ' ' : ''}${'‥'.repeat(Math.max(0, padding - 1))}]` },
  ];
}

export function pseudoMessages(
  source: Readonly<Record<string, string>>,
): Record<string, MessageFormatElement[]> {
  return Object.fromEntries(Object.entries(source).map(([id, message]) => [id, pseudoMessage(message)]));
}
