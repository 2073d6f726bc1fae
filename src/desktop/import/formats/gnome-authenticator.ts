import { importFormat } from '../types';
import { ImportError } from '../errors';
import { words } from '../../../shared/person-facing-error';
import { readAndotpEntries } from './andotp';

/**
 * GNOME Authenticator's own backup ("Authenticator (legacy)"): andOTP's JSON without
 * an issuer field; the first tag is the issuer. Its other exports are Aegis, andOTP,
 * FreeOTP+ link lists and Google migration links, read by those importers.
 */

function isGnomeArray(json: unknown): json is unknown[] {
  if (!Array.isArray(json) || json.length === 0) return false;
  return (
    json.every(
      (item: unknown) =>
        typeof item === 'object' &&
        item !== null &&
        'secret' in item &&
        'tags' in item &&
        'thumbnail' in item &&
        !('issuer' in item),
    ) &&
    json.some((item: { tags?: unknown }) => Array.isArray(item.tags) && item.tags.length > 0) &&
    // Old andOTP backups look alike but write "Issuer - name" labels.
    !json.some((item: { label?: unknown }) => typeof item.label === 'string' && item.label.includes(' - '))
  );
}

export const gnomeAuthenticator = importFormat({
  id: 'gnome-authenticator',
  label: 'GNOME Authenticator',
  help: 'GNOME Authenticator: menu → Backup → Export as Authenticator (legacy); its Aegis, andOTP and FreeOTP+ exports are read too.',
  sniff: (source) => isGnomeArray(source.jsonIfAny()),
  needsPassword: () => false,
  async parse(source) {
    const json = source.json();
    if (!Array.isArray(json)) throw new ImportError('MALFORMED', words('transfer.gnome.notAList'));
    return readAndotpEntries(json, (entry) => ({
      issuer: entry.tags?.[0] ?? '',
      account: entry.label ?? '',
    }));
  },
});
