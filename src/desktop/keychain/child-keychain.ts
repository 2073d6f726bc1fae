import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { words } from '../../shared/person-facing-error';
import { KeychainUnavailableError, noAnswer } from './errors';

/** One keytar call as the child process runs it. */
export interface KeytarRequest {
  op: 'get' | 'set' | 'delete';
  service: string;
  account: string;
  secret?: string;
}

/** What each call answers, checked: the child's output is input like any other. */
const ANSWERS = {
  get: z.string().nullable(),
  set: z.null(),
  delete: z.boolean(),
} as const;

const answerSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);

/**
 * The child's program: read one request from stdin (a secret never goes on the
 * command line), make the keytar call, print the outcome as JSON, exit.
 */
const CHILD_PROGRAM = `
const keytar = require(process.argv[1]);
let input = '';
process.stdin.setEncoding('utf8').on('data', (chunk) => (input += chunk)).on('end', async () => {
  try {
    const { op, service, account, secret } = JSON.parse(input);
    const value =
      op === 'get' ? await keytar.getPassword(service, account)
      : op === 'set' ? (await keytar.setPassword(service, account, secret), null)
      : await keytar.deletePassword(service, account);
    process.stdout.write(JSON.stringify({ ok: true, value }));
  } catch (error) {
    process.stdout.write(JSON.stringify({ ok: false, message: String(error && error.message || error) }));
  }
});
`;

/**
 * Runs one keytar call in a child process and kills it after `timeoutMs`. keytar's
 * native call cannot be cancelled: a D-Bus peer that never answers holds a thread
 * and keeps the process alive, so the CLI makes the call where it can be killed and
 * always exits with a clear message.
 */
export function keytarInChild(request: KeytarRequest, timeoutMs: number): Promise<string | boolean | null> {
  let keytarPath: string;
  try {
    keytarPath = createRequire(import.meta.url).resolve('keytar');
  } catch (error) {
    return Promise.reject(
      new KeychainUnavailableError(words('vault.keychain.detail.notFound', { reason: String(error) })),
    );
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD_PROGRAM, keytarPath], {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: process.env,
    });
    let output = '';
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(() => reject(new KeychainUnavailableError(noAnswer(request.op, timeoutMs))));
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', (error) =>
      finish(() =>
        reject(
          new KeychainUnavailableError(
            words('vault.keychain.detail.helperNotStarted', { reason: error.message }),
          ),
        ),
      ),
    );
    child.once('close', () =>
      finish(() => {
        let json: unknown;
        try {
          json = JSON.parse(output);
        } catch {
          reject(new KeychainUnavailableError(words('vault.keychain.detail.helperSilent')));
          return;
        }
        const answer = answerSchema.safeParse(json);
        if (!answer.success)
          reject(new KeychainUnavailableError(words('vault.keychain.detail.helperNonsense')));
        else if (!answer.data.ok) reject(new KeychainUnavailableError(answer.data.message.slice(0, 200)));
        else {
          const value = ANSWERS[request.op].safeParse(answer.data.value);
          if (value.success) resolve(value.data);
          else reject(new KeychainUnavailableError(words('vault.keychain.detail.helperNonsense')));
        }
      }),
    );
    child.stdin.end(JSON.stringify(request));
  });
}
