import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import type { Dispatcher } from 'undici';
import { clockOffsetFromDate } from '../../shared/clock-drift';
import { isLoopbackHost } from '../platform/loopback';
import { words } from '../../shared/person-facing-error';
import { HelpdeskError } from './errors';

/** How the client reaches one server: its base URL and, optionally, a CA to trust for it. */
export interface TransportOptions {
  readonly url: string;
  /** A PEM file with the certificate authority (or self-signed certificate) to trust for this server. */
  readonly caFile?: string;
  /** Per request, until the answer's headers, in milliseconds. */
  readonly timeoutMs?: number;
  /** The most an answer's body may hold, in bytes (tests lower it). */
  readonly maxAnswerBytes?: number;
  /** How long the body may take once the headers are in, in milliseconds. */
  readonly bodyTimeoutMs?: number;
  /**
   * The Accept-Language of each request: the app's language, read at each call so a switch applies
   * at once (a Twofold server answers refusals in it). None from the CLI: servers answer in English.
   */
  readonly language?: () => string;
}

/**
 * The largest answer Twofold reads. Its biggest real answers are user pages: 1000 Odoo users
 * (Odoo's largest page) come to about 78 KB (measured against the fake Odoo built from the recorded transcript, in
 * test/helpdesk/odoo-driver.test.ts), so 8 MiB leaves room for long names while a hostile or
 * broken server cannot fill memory.
 */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * How long an answer's body may take after its headers. Servers compute an answer before they send
 * it, so the body is transfer time alone; a server that drips it out is holding the console up.
 */
export const BODY_TIMEOUT_MS = 5_000;

function tooLarge(origin: string, maxBytes: number): HelpdeskError {
  const inMb = maxBytes >= 1024 * 1024;
  return new HelpdeskError(
    'BAD_RESPONSE',
    words('helpdesk.error.answerTooLarge', {
      origin,
      unit: inMb ? 'mb' : 'bytes',
      size: String(inMb ? Math.round(maxBytes / 1024 / 1024) : maxBytes),
    }),
  );
}

/** Why a body was not read to its end. */
class AnswerRefused extends Error {}

/**
 * Reads a body as it arrives, counting bytes: past `maxBytes` or `timeoutMs` it stops and cancels
 * the rest, so neither an endless answer nor a slow drip holds memory or time.
 */
async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  origin: string,
  maxBytes: number,
  timeoutMs: number,
): Promise<string> {
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new HelpdeskError(
            'SERVER_DOWN',
            words('helpdesk.error.answerTooSlow', { origin, seconds: timeoutMs / 1000 }),
          ),
        ),
      timeoutMs,
    );
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), late]);
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        throw tooLarge(origin, maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    if (error instanceof HelpdeskError) throw error;
    throw new AnswerRefused('body', { cause: error });
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks, received).toString('utf8');
}

export interface HttpAnswer {
  readonly status: number;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  readonly body: unknown;
  /** The body as text (HTML forms of servers that answer with pages). */
  readonly text: string;
  /** `name=value` of each cookie the server set, with its attributes. */
  readonly setCookies: readonly string[];
  /** Where a redirect points, or null. */
  readonly location: string | null;
}

export interface RequestOptions {
  /** Sent as `Authorization: Bearer …`. */
  readonly token?: string;
  readonly json?: unknown;
  /** Sent as an HTML form (application/x-www-form-urlencoded). */
  readonly form?: Readonly<Record<string, string>>;
  /** The Cookie header, for servers that keep their session in a cookie. */
  readonly cookie?: string;
}

export interface Transport {
  readonly origin: string;
  request(method: string, path: string, options?: RequestOptions): Promise<HttpAnswer>;
  /**
   * This computer's clock minus the server's, in seconds, from the Date header of the latest
   * answer that had one (null before any): codes made here fail when it grows past a time step.
   */
  clockOffset(): number | null;
  close(): Promise<void>;
}

/** Parses and checks a server URL: https, or http on this machine only. Returns the origin without a trailing slash. */
export function checkServerUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new HelpdeskError('BAD_URL', words('helpdesk.error.notAnAddress', { address: raw }));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new HelpdeskError('BAD_URL', words('helpdesk.error.notHttps', { protocol: url.protocol }));
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new HelpdeskError(
      'INSECURE_URL',
      words('helpdesk.error.insecureUrl', { hostname: url.hostname, host: url.host }),
    );
  }
  if (url.username || url.password) {
    throw new HelpdeskError('BAD_URL', words('helpdesk.error.credentialsInUrl'));
  }
  return url;
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
]);

const DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** The innermost error code in a fetch failure's cause chain. */
function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  let code: string | undefined;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const own = (current as Error & { code?: unknown }).code;
    if (typeof own === 'string') code = own;
    current = (current as Error & { cause?: unknown }).cause;
  }
  return code;
}

/** Network and TLS failures, in words. */
export function networkError(error: unknown, origin: string): HelpdeskError {
  const code = causeCode(error);
  if (code && TLS_CODES.has(code)) {
    const certificate =
      code === 'CERT_HAS_EXPIRED'
        ? 'expired'
        : code === 'ERR_TLS_CERT_ALTNAME_INVALID'
          ? 'otherName'
          : 'untrusted';
    return new HelpdeskError('TLS_UNTRUSTED', words('helpdesk.error.tlsUntrusted', { origin, certificate }));
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new HelpdeskError('SERVER_DOWN', words('helpdesk.error.noAnswerInTime', { origin }));
  }
  if (code === undefined || DOWN_CODES.has(code) || code.startsWith('UND_ERR')) {
    return new HelpdeskError('SERVER_DOWN', words('helpdesk.error.cannotReach', { origin }));
  }
  return new HelpdeskError('SERVER_DOWN', words('helpdesk.error.cannotReachCode', { origin, code }));
}

async function loadCa(caFile: string): Promise<string> {
  try {
    const pem = await readFile(caFile, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('not PEM');
    return pem;
  } catch {
    throw new HelpdeskError(
      'CA_FILE',
      words('helpdesk.error.caFileUnreadable', { path: caFile, format: 'PEM' }),
    );
  }
}

/** An HTTP client for one server: https (or loopback http), JSON in and out, errors in words. */
export async function createTransport(options: TransportOptions): Promise<Transport> {
  const url = checkServerUrl(options.url);
  const origin = url.origin;
  const basePath = url.pathname.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxAnswerBytes = options.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? BODY_TIMEOUT_MS;
  // Loaded when a server is first talked to: most `twofold` commands never do, and undici is
  // the largest package the CLI would otherwise load at every start.
  const { Agent, fetch } = await import('undici');
  // A per-profile agent: the extra CA is trusted for this server only, on top of the system's.
  let dispatcher: Dispatcher | undefined;
  if (options.caFile) {
    const ca = await loadCa(options.caFile);
    dispatcher = new Agent({ connect: { ca: [...rootCertificates, ca] } });
  } else {
    dispatcher = new Agent();
  }
  const agent = dispatcher;
  let clockOffset: number | null = null;

  return {
    origin,
    clockOffset: () => clockOffset,
    async request(method, path, { token, json, form, cookie } = {}) {
      const headers: Record<string, string> = { accept: form ? 'text/html' : 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      if (cookie) headers.cookie = cookie;
      const language = options.language?.();
      if (language) headers['accept-language'] = language;
      let payload: string | undefined;
      if (json !== undefined) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(json);
      } else if (form !== undefined) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        payload = new URLSearchParams(form).toString();
      }
      let response;
      const abort = new AbortController();
      const headersLate = setTimeout(
        () => abort.abort(new DOMException('The server did not answer in time', 'TimeoutError')),
        timeoutMs,
      );
      const sentAt = Date.now();
      try {
        response = await fetch(`${origin}${basePath}${path}`, {
          method,
          headers,
          body: payload,
          dispatcher: agent,
          redirect: 'manual',
          signal: abort.signal,
        });
      } catch (error) {
        throw networkError(abort.signal.reason ?? error, origin);
      } finally {
        clearTimeout(headersLate);
      }
      clockOffset = clockOffsetFromDate(response.headers.get('date'), sentAt, Date.now()) ?? clockOffset;
      let text: string;
      try {
        // A declared length past the cap is refused before a byte of it is read.
        if (Number(response.headers.get('content-length')) > maxAnswerBytes)
          throw tooLarge(origin, maxAnswerBytes);
        text = await readCapped(response.body, origin, maxAnswerBytes, bodyTimeoutMs);
      } catch (error) {
        abort.abort();
        if (error instanceof HelpdeskError) throw error;
        throw networkError(error instanceof AnswerRefused ? error.cause : error, origin);
      }
      let body: unknown;
      if (text.trim() !== '') {
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          body = undefined;
        }
      }
      return {
        status: response.status,
        body,
        text,
        setCookies: response.headers.getSetCookie(),
        location: response.headers.get('location'),
      };
    },
    async close() {
      await agent.close();
    },
  };
}
