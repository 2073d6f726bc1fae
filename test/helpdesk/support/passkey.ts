import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { encode } from 'cbor2';

/** The parts of WebAuthn creation options (as Odoo sends them) an authenticator answers. */
export interface CreationOptions {
  readonly challenge: string;
  readonly rp: { readonly id: string };
}

const base64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/**
 * What a browser hands back from `navigator.credentials.create()` for `options` on `origin`: a new
 * P-256 key, attestation "none", the user present and verified. Enough for a real server to store a
 * passkey (this test never signs in with it; it only needs the account to have one).
 */
export function passkeyRegistration(options: CreationOptions, origin: string): Record<string, unknown> {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const coseKey = encode(
    new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'))],
      [-3, new Uint8Array(Buffer.from(jwk.y ?? '', 'base64url'))],
    ]),
  );
  const credentialId = randomBytes(32);
  const idLength = Buffer.alloc(2);
  idLength.writeUInt16BE(credentialId.length);
  const authenticatorData = Buffer.concat([
    createHash('sha256').update(options.rp.id).digest(),
    Buffer.from([0x45]), // user present, user verified, attested credential data
    Buffer.alloc(4), // sign count
    Buffer.alloc(16), // AAGUID
    idLength,
    credentialId,
    coseKey,
  ]);
  const attestationObject = encode({ fmt: 'none', attStmt: {}, authData: new Uint8Array(authenticatorData) });
  const clientDataJSON = Buffer.from(
    JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin, crossOrigin: false }),
  );
  const id = base64url(credentialId);
  return {
    id,
    rawId: id,
    type: 'public-key',
    response: {
      clientDataJSON: base64url(clientDataJSON),
      attestationObject: base64url(attestationObject),
      transports: ['internal'],
    },
    clientExtensionResults: {},
    authenticatorAttachment: 'platform',
  };
}
