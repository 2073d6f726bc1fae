/** A bare address (IPv4, IPv6) or localhost: it names a machine, not a service a person would recognise. */
function isBareAddress(host: string): boolean {
  return host === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}

/**
 * The name an account server goes by in authenticators when none is configured: a host
 * name as it is ("accounts.example.com"); an address gets Twofold's name around it
 * ("Twofold (127.0.0.1, port 8069)") so the entry is not just numbers. No colon, which
 * otpauth labels use as the separator between issuer and login.
 */
export function readableServerName(host: string, port?: number | string | null): string {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (!isBareAddress(bare)) return bare;
  return port === undefined || port === null || port === ''
    ? `Twofold (${bare})`
    : `Twofold (${bare}, port ${port})`;
}
