// Hostile input against the real `twofold` CLI, run as a child process with its peak RSS and
// wall-clock time measured (runBin's `measure`): help-desk servers on loopback that answer without
// end, declare a huge body or drip one out, and a 30000×30000 PNG. Each must be refused (or
// answered) in under 10 s and 1 GiB. A table of the figures is printed at the end.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { createDeflate, crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blank, drawQr, encodePng, SAMPLE_LINKS } from '../desktop/support/synthetic-screens';
import { FakeOdoo } from '../helpdesk/support/fake-odoo';
import { expectBounded, FiguresTable } from '../support/bounds';
import { runBin, type BinResult } from '../support/run-bin';

/** What a hostile server sends at most, and for how long: the test's own bound. */
const SERVER_MAX_BYTES = 3 * 1024 ** 3;
const SERVER_MAX_MS = 30_000;

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server;
let url: string;
let handler: Handler = (_request, response) => response.writeHead(404).end();
let home: string;
const figures = new FiguresTable();

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'twofold-hostile-'));
  server = createServer((request, response) => {
    // The request body is read first, as a real server would, then the hostile answer.
    request.resume();
    request.on('end', () => handler(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(home, { recursive: true, force: true });
  figures.print();
});

/** Streams `chunk` as fast as the client reads, until it hangs up or the test's bound is reached. */
function flood(
  response: ServerResponse,
  headers: Record<string, string>,
  first: string,
  chunk: Buffer,
): void {
  response.writeHead(200, { 'content-type': 'application/json', ...headers });
  response.write(first);
  let sent = 0;
  const started = Date.now();
  const pump = (): void => {
    while (sent < SERVER_MAX_BYTES && Date.now() - started < SERVER_MAX_MS && !response.destroyed) {
      sent += chunk.length;
      if (!response.write(chunk)) return void response.once('drain', pump);
    }
    response.end();
  };
  pump();
}

const endless: Handler = (_request, response) =>
  flood(response, {}, '{"jsonrpc":"2.0","id":1,"result":[', Buffer.from(`"${'A'.repeat(65_534)}",`));

const declaredHuge: Handler = (_request, response) =>
  flood(
    response,
    { 'content-length': String(10 * 1024 ** 3) },
    '{"result":[',
    Buffer.from(`"${'B'.repeat(65_534)}",`),
  );

/** One byte every 100 ms, until the client hangs up or the test's bound is reached. */
const drip: Handler = (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{"jsonrpc":"2.0","id":1,"result":');
  const timer = setInterval(() => {
    if (response.destroyed) return clearInterval(timer);
    response.write(' ');
  }, 100);
  setTimeout(() => {
    clearInterval(timer);
    response.end('null}');
  }, SERVER_MAX_MS).unref();
};

async function measured(input: string, args: string[], stdin = ''): Promise<BinResult> {
  const result = await runBin('twofold', args, {
    stdin,
    env: { TWOFOLD_HOME: home },
    measure: true,
    timeoutMs: 40_000,
  });
  figures.add(input, result.status === null ? 'killed' : `exit ${result.status}`, result);
  return result;
}

const login = (kind: 'odoo' | 'twofold') => [
  'admin',
  'login',
  '--server',
  url,
  '--login',
  'hdadmin',
  '--password-stdin',
  '--kind',
  kind,
  ...(kind === 'odoo' ? ['--db', 'hdtest'] : []),
];

describe('help-desk servers that answer without end', { timeout: 60_000 }, () => {
  for (const kind of ['odoo', 'twofold'] as const) {
    it(`${kind}: an endless answer is cut off at the cap, with the server named`, async () => {
      handler = endless;
      const result = await measured(`${kind} sign-in, endless JSON`, login(kind), 'pw\n');
      expectBounded(result);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(
        `twofold: ${url} sent an answer larger than 8 MB, far more than any help-desk answer; Twofold stopped reading it.`,
      );
    });
  }

  it('odoo: a declared 10 GiB answer is refused before it is read', async () => {
    handler = declaredHuge;
    const result = await measured('odoo sign-in, Content-Length 10 GiB', login('odoo'), 'pw\n');
    expectBounded(result);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${url} sent an answer larger than 8 MB`);
  });

  it('twofold: an answer dripped a byte at a time is given up on', async () => {
    handler = drip;
    const result = await measured('twofold sign-in, 1 byte / 100 ms', login('twofold'), 'pw\n');
    expectBounded(result);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `${url} was still sending its answer after 5 s; Twofold stopped waiting.`,
    );
  });
});

describe('a session lifetime set by the server', { timeout: 60_000 }, () => {
  const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;
  /** The `until …` of `admin login`'s answer, as a time. */
  const until = (stdout: string): number => Date.parse(/until ([^)]+)\)/.exec(stdout)?.[1] ?? '');

  it('odoo: a session cookie for 10,000 years (after the 2FA step) is kept 30 days', async () => {
    handler = (request, response) => {
      if (request.url === '/web/webclient/version_info') {
        response.writeHead(200, { 'content-type': 'application/json' });
        return void response.end(
          '{"jsonrpc":"2.0","id":1,"result":{"server_version":"17.0","server_version_info":[17,0,0,"final",0,""]}}',
        );
      }
      if (request.url === '/web/session/authenticate') {
        response.writeHead(200, {
          'content-type': 'application/json',
          'set-cookie': 'session_id=half; Path=/',
        });
        return void response.end('{"jsonrpc":"2.0","id":1,"result":{"uid":null}}');
      }
      if (request.method === 'GET' && request.url === '/web/login/totp') {
        response.writeHead(200, { 'content-type': 'text/html' });
        return void response.end('<form><input type="hidden" name="csrf_token" value="t0k3n"/></form>');
      }
      if (request.url === '/web/login/totp') {
        // Max-Age 10,000 years: the year 12026.
        response.writeHead(303, {
          location: '/odoo',
          'set-cookie': 'session_id=full-session-0123456789; Max-Age=315569520000; HttpOnly; Path=/',
        });
        return void response.end();
      }
      response.writeHead(404).end();
    };
    const before = Date.now();
    const result = await runBin('twofold', [...login('odoo'), '--code', '123456'], {
      stdin: 'pw\n',
      env: { TWOFOLD_HOME: home },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(until(result.stdout)).toBeGreaterThan(before + THIRTY_DAYS_MS - 60_000);
    expect(until(result.stdout)).toBeLessThanOrEqual(Date.now() + THIRTY_DAYS_MS);
  });

  it('twofold: a token said to expire in the year 12020 is kept 30 days', async () => {
    handler = (_request, response) => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          token: 'hostile-token-0123456789abcdef',
          expiresAt: '+012020-01-01T00:00:00.000Z',
          twofaEnabled: true,
        }),
      );
    };
    const before = Date.now();
    const result = await runBin('twofold', login('twofold'), { stdin: 'pw\n', env: { TWOFOLD_HOME: home } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(until(result.stdout)).toBeGreaterThan(before + THIRTY_DAYS_MS - 60_000);
    expect(until(result.stdout)).toBeLessThanOrEqual(Date.now() + THIRTY_DAYS_MS);
  });
});

/** A PNG chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])));
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, crc]);
}

/** A real, valid grey PNG of width×height black pixels, streamed (about 0.9 MB for 30000×30000). */
async function hugePng(path: string, width: number, height: number): Promise<void> {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const idat: Buffer[] = [];
  const deflate = createDeflate({ level: 9 });
  deflate.on('data', (data: Buffer) => idat.push(data));
  const row = Buffer.alloc(width + 1); // filter byte 0, then the pixels
  for (let y = 0; y < height; y++)
    if (!deflate.write(row)) await new Promise((go) => deflate.once('drain', go));
  deflate.end();
  await finished(deflate);
  const out = createWriteStream(path);
  out.write(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  out.write(chunk('IHDR', header));
  out.write(chunk('IDAT', Buffer.concat(idat)));
  out.end(chunk('IEND', Buffer.alloc(0)));
  await finished(out);
}

describe('images to scan for QR codes', { timeout: 120_000 }, () => {
  const importImage = (input: string, path: string) =>
    measured(input, ['import', path, '--dry-run', '--vault', join(home, 'vault.twofold')]);

  it('refuses a 30000×30000 PNG by the size its header declares, before decoding it', async () => {
    const path = join(home, 'huge.png');
    await hugePng(path, 30_000, 30_000);
    const kib = Math.round(statSync(path).size / 1024);
    const result = await importImage(`PNG 30000×30000 (${kib} KiB), import`, path);
    expectBounded(result);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'The PNG image is 30000×30000 pixels (900 megapixels); Twofold reads images up to 8192×8192 (67 megapixels).',
    );
  });

  it('still finds the QR code in a 24-megapixel photo', async () => {
    const photo = blank(6000, 4000);
    photo.data.fill(200);
    drawQr(photo, SAMPLE_LINKS.alice, 2400, 1500, 900);
    const path = join(home, 'photo.png');
    writeFileSync(path, encodePng(photo));
    const result = await importImage('PNG 6000×4000 photo with a QR, import', path);
    expectBounded(result);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('Would import 1 account.\n');
  });
});

describe('files that are not exports (items 16 and 18)', { timeout: 120_000 }, () => {
  const importFile = (input: string, path: string) =>
    measured(input, ['import', path, '--dry-run', '--vault', join(home, 'vault.twofold')]);

  it.skipIf(process.platform === 'win32')(
    'refuses a named pipe and /dev/zero before reading them',
    async () => {
      const fifo = join(home, 'export.fifo');
      execFileSync('mkfifo', [fifo]);
      const pipe = await importFile('FIFO (no end), import', fifo);
      expectBounded(pipe);
      expect(pipe.status).toBe(2);
      expect(pipe.stderr).toContain('is a pipe, not a file');
      const zero = await importFile('/dev/zero, import', '/dev/zero');
      expectBounded(zero);
      expect(zero.status).toBe(2);
      expect(zero.stderr).toContain('is a device, not a file');
    },
  );

  it('refuses a 9 MB settings XML with 400,000 attributes before the full parse', async () => {
    const path = join(home, 'attributes.xml');
    const element = `<string a="${'1'.repeat(20)}" b="2" c="3" d="4" name="k">${'v'.repeat(20)}</string>\n`;
    writeFileSync(
      path,
      `<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n${element.repeat(80_000)}</map>\n`,
    );
    const mb = (statSync(path).size / 1024 / 1024).toFixed(1);
    // Forced to FreeOTP's reader, so it is the shape bound that refuses it, not the sniffing.
    const result = await measured(`XML, 400,000 attributes (${mb} MB), import`, [
      'import',
      path,
      '--format',
      'freeotp',
      '--dry-run',
      '--vault',
      join(home, 'vault.twofold'),
    ]);
    expectBounded(result);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/This XML file has more (attributes|elements) than any settings file/);
  });
});

describe('terminal escapes from a server, in human output', { timeout: 60_000 }, () => {
  const ESC = '\x1b';
  const TITLE = '\x1b]0;pwned\x07';
  const CLEAR = '\x1b[2J';
  /** ESC, BEL, C1 controls (CSI U+009B among them) and bidi overrides: none may reach the terminal raw. */
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

  it('escapes a user name, database names and an error message set by the server', async () => {
    const fake = await new FakeOdoo({ databases: [`sales${CLEAR}`, `hr${TITLE}`] }).start();
    const odooHome = mkdtempSync(join(tmpdir(), 'twofold-escapes-'));
    try {
      fake.addUser({ login: 'root', name: 'Root', password: 'root-pass', admin: true });
      fake.addUser({ login: 'mallory', name: `Mal${TITLE}${CLEAR}\u202eory\u009b31m`, password: 'm' });
      const run = (args: string[], stdin = '') =>
        runBin('twofold', args, { stdin, env: { TWOFOLD_HOME: odooHome } });
      const signIn = [
        'admin',
        'login',
        '--server',
        fake.url,
        '--login',
        'root',
        '--password-stdin',
        '--kind',
        'odoo',
      ];

      // Several databases: the error names them, escapes included.
      const several = await run(signIn, 'root-pass\n');
      expect(several.status).toBe(2);
      expect(several.stderr).not.toMatch(RAW);
      expect(several.stderr).toContain('sales\\x1b[2J, hr\\x1b]0;pwned\\x07');

      expect((await run([...signIn, '--db', `sales${CLEAR}`], 'root-pass\n')).status).toBe(0);
      const users = await run(['admin', 'users']);
      expect(users.stderr).toBe('');
      expect(users.stdout).toContain('mallory');
      expect(users.stdout).not.toMatch(RAW);
      expect(users.stdout).toContain('Mal\\x1b]0;pwned\\x07\\x1b[2J\\u202eory\\x9b31m');
      // --json keeps the name as the server gave it, escaped the JSON way.
      const json = await run(['admin', 'users', '--json']);
      expect(json.stdout).not.toContain(ESC);
      expect(JSON.stringify(JSON.parse(json.stdout))).toContain(JSON.stringify(`Mal${TITLE}`).slice(1, -1));
    } finally {
      await fake.stop();
      rmSync(odooHome, { recursive: true, force: true });
    }
  });
});
