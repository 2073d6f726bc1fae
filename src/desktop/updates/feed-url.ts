import { isLoopbackHost } from '../platform/loopback';

/**
 * Refuses an update feed that is not https (plain http only on this computer, where tests serve
 * one): the feed names what to download and its checksum, so anyone on the way could swap both.
 */
export function checkFeedUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`the update feed "${raw}" is not a web address`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new Error(
    `the update feed ${url.origin} is not https; Twofold only takes updates over https, so nobody on the way can swap them`,
  );
}
