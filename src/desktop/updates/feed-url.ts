import { PersonFacingError, words } from '../../shared/person-facing-error';
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
    throw new PersonFacingError('UPDATE_FEED', words('settings.updates.feed.notAddress', { url: raw }));
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new PersonFacingError('UPDATE_FEED', words('settings.updates.feed.notHttps', { origin: url.origin }));
}
