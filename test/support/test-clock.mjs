// A clock the tests move forward instead of waiting for time to pass (issue 26, item 4): the
// server and CLI processes they start load this file first (`node --import`), and every process
// reads the same offset from one file, so a test that needs the next TOTP time step takes it
// at once, and server, CLI, test host and test agree on the time. Until a test moves it, the
// offset is 0 and nothing differs from the real clock. Test code only: no product code knows it.
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The variable naming the offset file; a process started with it follows the moved clock. */
export const TEST_CLOCK_ENV = 'TWOFOLD_TEST_CLOCK_FILE';
const INSTALLED = Symbol.for('twofold.test-clock');

/** Makes this process's `Date` (and Node's own HTTP Date header) follow the offset in `file`. */
export function followTestClock(file) {
  if (globalThis[INSTALLED]) return;
  const RealDate = Date;
  let seen = '';
  let offset = 0;
  // Read again whenever the file is replaced (writeOffset makes each version's key new): a test
  // moves the clock, then talks to the process.
  const offsetMs = () => {
    const key = versionOf(file);
    if (key !== seen) {
      seen = key;
      offset = Number(readFileSync(file, 'utf8')) || 0;
    }
    return offset;
  };
  const now = () => RealDate.now() + offsetMs();
  function TestDate(...args) {
    if (new.target === undefined) return new RealDate(now()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target);
  }
  TestDate.prototype = RealDate.prototype;
  Object.setPrototypeOf(TestDate, RealDate);
  TestDate.now = now;
  globalThis.Date = TestDate;
  // Node's HTTP server dates its answers with its own copy of Date: set the header from ours.
  const writeHead = http.ServerResponse.prototype.writeHead;
  http.ServerResponse.prototype.writeHead = function (...args) {
    if (this.sendDate && !this.headersSent && !this.hasHeader('date'))
      this.setHeader('date', new TestDate().toUTCString());
    return writeHead.apply(this, args);
  };
  globalThis[INSTALLED] = true;
}

let clockFile;

/** This test process's offset file (made on first use, removed at exit), with offset 0. */
export function testClockFile() {
  if (clockFile === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'twofold-test-clock-'));
    clockFile = join(dir, 'offset-ms');
    writeOffset(0);
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return clockFile;
}

/** Which version of the offset file this is: its inode and change time. */
function versionOf(file) {
  const { ino, ctimeNs } = statSync(file, { bigint: true });
  return `${ino}:${ctimeNs}`;
}

let lastVersion = '';

/**
 * Replaces the offset file whole. Inodes are reused and time stamps are coarse (a few ms): a
 * version that looks like the last one is written again until it differs, or a reader would
 * keep the old offset.
 */
function writeOffset(ms) {
  for (;;) {
    writeFileSync(`${clockFile}.next`, String(ms));
    renameSync(`${clockFile}.next`, clockFile);
    const version = versionOf(clockFile);
    if (version !== lastVersion) {
      lastVersion = version;
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
  }
}

// A child started with the variable follows its parent's clock; a test process follows its own,
// from the moment it loads this file: before it builds anything that keeps a reference to
// Date.now (a fake server, the test host's ticker).
followTestClock(process.env[TEST_CLOCK_ENV] ?? testClockFile());

/** What a child process needs to follow this process's test clock: node arguments and env. */
export function testClockForChild() {
  return {
    nodeArgs: ['--import', new URL(import.meta.url).href],
    env: { [TEST_CLOCK_ENV]: testClockFile() },
  };
}

/**
 * Lets `ms` pass: at once, by moving the test clock of this process and of every process
 * started with `testClockForChild()`. Only for tests whose every party follows that clock
 * (a real Odoo server does not: wait for real there).
 */
export function passTime(ms) {
  const file = testClockFile();
  writeOffset(Number(readFileSync(file, 'utf8')) + Math.ceil(ms));
}

/** Back to the real time (a test about to talk to a party that does not follow the clock). */
export function resetTestClock() {
  if (clockFile !== undefined) writeOffset(0);
}
