import { base64 } from '@scure/base';

/**
 * JSON for transports that cannot structured-clone (the test host's HTTP):
 * byte arrays travel as `{ "$bytes": "<base64>" }` and come back as Uint8Array.
 */
export function toWire(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item instanceof Uint8Array ? { $bytes: base64.encode(item) } : item,
  );
}

export function fromWire(text: string): unknown {
  if (text.trim() === '') return undefined;
  return JSON.parse(text, (_key, item: unknown) => {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const keys = Object.keys(item);
      const bytes = (item as { $bytes?: unknown }).$bytes;
      if (keys.length === 1 && typeof bytes === 'string') return base64.decode(bytes);
    }
    return item;
  });
}
