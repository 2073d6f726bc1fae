import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalAuditLog, type LocalAction } from '../../src/desktop/helpdesk/audit-log';

const action = (n: number): LocalAction => ({
  actor: 'hdadmin',
  server: 'http://127.0.0.1:8069 (database hdtest)',
  action: 'user.2fa.disable',
  target: `user${n}`,
  reason: `Lost phone, call ${n}`,
  result: 'ok',
});

describe("Twofold's local audit log: a hash chain with a head record beside it", () => {
  let folder: string;
  let log: LocalAuditLog;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'twofold-audit-'));
    log = new LocalAuditLog(join(folder, 'helpdesk-audit.log'));
    for (let n = 1; n <= 4; n++) await log.append(action(n));
  });

  afterEach(() => rm(folder, { recursive: true, force: true }));

  const lines = async () => (await readFile(log.path, 'utf8')).split('\n').filter(Boolean);
  const keep = async (count: number) =>
    writeFile(log.path, `${(await lines()).slice(0, count).join('\n')}\n`);

  it('is whole as written, and an empty log is whole too', async () => {
    expect(await log.verify()).toMatchObject({ whole: true, records: 4 });
    const empty = new LocalAuditLog(join(folder, 'other.log'));
    expect(await empty.verify()).toEqual({ whole: true, records: 0, lastAt: null });
  });

  it('names the record whose content was changed', async () => {
    const text = await readFile(log.path, 'utf8');
    await writeFile(log.path, text.replace('Lost phone, call 2', 'Routine cleanup'));
    expect(await log.verify()).toMatchObject({
      whole: false,
      records: 4,
      line: 2,
      problem: 'record 2 of 4 — its content was changed',
    });
  });

  it('notices records removed from the end, which leave a whole chain behind', async () => {
    await keep(2);
    expect(await log.verify()).toMatchObject({
      whole: false,
      records: 2,
      line: null,
      problem: 'the last 2 records were removed (Twofold wrote 4, the log holds 2)',
    });
    await keep(0);
    expect(await log.verify()).toMatchObject({
      whole: false,
      records: 0,
      problem: /last 4 records were removed/,
    });
  });

  it('keeps a truncation on record after later appends', async () => {
    await keep(3);
    await log.append(action(5));
    const check = await log.verify();
    expect(check).toMatchObject({ whole: false, records: 4, problem: /the last record was removed/ });
  });

  it('notices the end replaced by a chain of the same length', async () => {
    const other = new LocalAuditLog(join(folder, 'forged.log'));
    for (let n = 1; n <= 4; n++) await other.append({ ...action(n), reason: 'forged' });
    await writeFile(log.path, await readFile(other.path, 'utf8'));
    expect(await log.verify()).toMatchObject({ whole: false, problem: /from 4 on were replaced/ });
  });

  it('says so when the head record is unreadable', async () => {
    await writeFile(log.headPath, 'not json');
    expect(await log.verify()).toMatchObject({ whole: false, problem: /head record .* cannot be read/ });
  });

  it('adopts a whole log written before Twofold kept a head record, and holds it to that head from then on', async () => {
    await rm(log.headPath);
    expect(await log.verify()).toEqual({ whole: true, records: 4, lastAt: expect.any(String) });
    const lastHash = (JSON.parse((await lines())[3] ?? '') as { hash: string }).hash;
    expect(JSON.parse(await readFile(log.headPath, 'utf8'))).toEqual({ records: 4, hash: lastHash });
    // Adopted: a later truncation is noticed like any other.
    await keep(3);
    expect(await log.verify()).toMatchObject({ whole: false, problem: /the last record was removed/ });
  });

  it('adopts a log without a head record on the next append too', async () => {
    await rm(log.headPath);
    await log.append(action(5));
    expect(await log.verify()).toMatchObject({ whole: true, records: 5 });
  });

  it('does not adopt a log without a head record whose chain is broken', async () => {
    await rm(log.headPath);
    const all = await lines();
    // A record cut out of the middle, and separately a log cut off inside its last record.
    await writeFile(log.path, `${[all[0], all[2], all[3]].join('\n')}\n`);
    expect(await log.verify()).toMatchObject({ whole: false, line: 2, problem: /does not follow/ });
    await writeFile(log.path, `${all.slice(0, 3).join('\n')}\n${(all[3] ?? '').slice(0, 40)}\n`);
    expect(await log.verify()).toMatchObject({ whole: false, line: 4, problem: /cannot be read/ });
    await expect(readFile(log.headPath, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('is whole when the app stopped between an append and the head update', async () => {
    const head = await readFile(log.headPath, 'utf8');
    await log.append(action(5));
    await writeFile(log.headPath, head);
    expect(await log.verify()).toMatchObject({ whole: true, records: 5 });
  });
});
