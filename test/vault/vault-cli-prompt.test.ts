import { execFileSync, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipReason } from '../support/skip';
import { keychainUnavailable, NO_SECRET_SERVICE, ROOT, runCli, tempFolder } from './support';

function scriptUnavailable(): string | null {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'util-linux `script` (a pseudo-terminal for the prompt) is not installed';
  }
}

/** Runs `twofold password set` on a pseudo-terminal and types `answers` at its prompts. */
function typeAtPrompts(vault: string, answers: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((done, fail) => {
    const command = `${JSON.stringify(process.execPath)} bin/twofold.mjs password set --vault ${JSON.stringify(vault)}`;
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let prompts = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const seen = (output.match(/password: /gi) ?? []).length;
      while (prompts < seen && prompts < answers.length) child.stdin.write(`${answers[prompts++]}\r`);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', fail);
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, output });
    });
  });
}

describe.skipIf(
  skipReason('vault password prompt (real keychain, pty)', keychainUnavailable() ?? scriptUnavailable()),
)('twofold password set on a terminal', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  beforeAll(async () => {
    folder = await tempFolder();
  });
  afterAll(async () => folder.cleanup());

  it('asks twice without echoing, and refuses two different answers', async () => {
    const vault = join(folder.path, 'v.twofold');
    const link = 'otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP';
    expect((await runCli(['add', link, '--vault', vault])).status).toBe(0);

    const differ = await typeAtPrompts(vault, ['first password', 'second password']);
    expect(differ.status).toBe(2);
    expect(differ.output).toMatch(/the two passwords differ/);

    const typed = await typeAtPrompts(vault, ['typed password', 'typed password']);
    expect(typed.status).toBe(0);
    expect(typed.output).toMatch(
      /New vault password: [\s\S]*Repeat the new password: [\s\S]*now has a password/,
    );
    expect(typed.output).not.toContain('typed password');

    const file = join(folder.path, 'pw');
    await writeFile(file, 'typed password\n');
    const list = await runCli(['list', '--vault', vault, '--password-file', file], NO_SECRET_SERVICE);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/A · b/);
  }, 180_000);
});
