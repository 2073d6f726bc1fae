// The running app answers the browser host over a local socket (a named pipe on Windows), never
// a TCP port: a Unix socket in a folder only the user can enter (0700), itself 0600, beside the
// vault. The host asks there first; with no app listening it opens the vault itself.
import { createHash } from 'node:crypto';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import {
  hostReplySchema,
  hostRequestSchema,
  MAX_REQUEST_BYTES,
  type HostReply,
  type HostRequest,
} from '../../shared/browser/messages';
import { encodeFrame, FrameReader } from './framing';

/** Unix socket paths are limited to about 104 bytes; a longer one goes under the runtime folder. */
const MAX_SOCKET_PATH = 100;
/** How long the host waits for the app's answer: the person may be asked to allow the site first. */
export const APP_ANSWER_MS = 120_000;

export function appSocketPath(
  vaultPath: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const hash = createHash('sha256').update(resolve(vaultPath)).digest('hex').slice(0, 16);
  if (platform === 'win32') return `\\\\.\\pipe\\twofold-browser-${hash}`;
  const beside = join(dirname(resolve(vaultPath)), 'browser', 'app.sock');
  if (beside.length <= MAX_SOCKET_PATH || !env.XDG_RUNTIME_DIR) return beside;
  return join(env.XDG_RUNTIME_DIR, `twofold-browser-${hash}.sock`);
}

/** Serves the host's requests (checked with zod here too) until closed. */
export async function serveBrowserHost(
  vaultPath: string,
  answer: (request: HostRequest) => Promise<HostReply>,
): Promise<Server> {
  const path = appSocketPath(vaultPath);
  if (process.platform !== 'win32') {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    if (dirname(path) === join(dirname(resolve(vaultPath)), 'browser')) await chmod(dirname(path), 0o700);
    // A socket left by an app that did not close cleanly (the single-instance lock says none runs).
    await rm(path, { force: true });
  }
  const server = createServer((socket) => {
    const reader = new FrameReader(MAX_REQUEST_BYTES);
    let queue = Promise.resolve();
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      for (const frame of reader.push(chunk))
        queue = queue.then(async () => {
          let reply: HostReply;
          const parsed = frame.kind === 'message' ? hostRequestSchema.safeParse(parseJson(frame.text)) : null;
          if (!parsed?.success)
            reply = { id: null, ok: false, reason: 'The app refused a malformed request.' };
          else
            reply = await answer(parsed.data).catch((error: unknown) => ({
              id: parsed.data.id,
              ok: false as const,
              reason: `Twofold failed to answer: ${error instanceof Error ? error.message : 'unknown error'}`,
            }));
          if (!socket.destroyed) socket.write(encodeFrame(reply));
        });
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(path, () => {
      server.off('error', fail);
      done();
    });
  });
  if (process.platform !== 'win32') await chmod(path, 0o600);
  return server;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The app's answer, or null when no app is listening (the host then answers itself). */
export function askApp(
  vaultPath: string,
  request: HostRequest,
  timeoutMs = APP_ANSWER_MS,
): Promise<HostReply | null> {
  return new Promise((done) => {
    const socket = connect(appSocketPath(vaultPath));
    const reader = new FrameReader(1024 * 1024);
    let settled = false;
    const finish = (reply: HostReply | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      done(reply);
    };
    const timer = setTimeout(
      () => finish({ id: request.id, ok: false, reason: 'Twofold did not answer in time.' }),
      timeoutMs,
    );
    socket.on('connect', () => socket.write(encodeFrame(request)));
    // Nobody listening (no socket, or a stale one): answer without the app.
    socket.on('error', () => finish(null));
    socket.on('data', (chunk: Buffer) => {
      const frame = reader.push(chunk)[0];
      if (!frame) return;
      const parsed = frame.kind === 'message' ? hostReplySchema.safeParse(parseJson(frame.text)) : null;
      finish(
        parsed?.success
          ? parsed.data
          : { id: request.id, ok: false, reason: 'Twofold gave an answer the host does not understand.' },
      );
    });
    socket.on('close', () => finish(null));
  });
}
