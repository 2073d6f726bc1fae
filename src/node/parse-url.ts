import type { ParseUrl } from '../shared/site/match';

/** Node's WHATWG URL parser, as src/shared/site wants it: null for text that is not a URL. */
export const parseUrl: ParseUrl = (text) => {
  try {
    return new URL(text);
  } catch {
    return null;
  }
};
