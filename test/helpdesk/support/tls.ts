import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** Why a self-signed certificate cannot be made here, or null. */
export function opensslUnavailable(): string | null {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'openssl is not installed (apt-get install openssl)';
  }
}

/** A self-signed certificate for 127.0.0.1, made with openssl in `dir`. */
export function selfSignedCert(dir: string): { certFile: string; keyFile: string } {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile };
}

/**
 * A tiny https stand-in for an account server behind a private CA: enough of
 * /api/admin/v1 to sign in and list (no) users.
 */
export async function tinyHttpsAdminServer(cert: {
  certFile: string;
  keyFile: string;
}): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(
    { cert: readFileSync(cert.certFile), key: readFileSync(cert.keyFile) },
    (request, response) => {
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      request.resume();
      request.on('end', () => {
        if (request.method === 'POST' && request.url === '/api/admin/v1/session') {
          return send(201, {
            token: 'tls-test-token-0123456789abcdef',
            expiresAt: new Date(Date.now() + 900_000).toISOString(),
          });
        }
        if (request.method === 'GET' && request.url?.startsWith('/api/admin/v1/users'))
          return send(200, { users: [], total: 0 });
        return send(404, { error: 'not_found', message: 'Not here.' });
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
