import type { IncomingMessage, ServerResponse } from 'node:http';
import { securityHeaders } from '../desktop/security/csp';

/** 30 MB: a 20 MB image as base64 plus JSON. */
const MAX_BODY = 30 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new BodyTooLargeError('The request is too large.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function send(
  response: ServerResponse,
  status: number,
  body: string | Uint8Array,
  contentType: string,
  extra: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...securityHeaders,
    'Content-Type': contentType,
    'Cache-Control': 'no-store',
    ...extra,
  });
  response.end(body);
}

export function sendJson(response: ServerResponse, status: number, body: string): void {
  send(response, status, body, 'application/json; charset=utf-8');
}
