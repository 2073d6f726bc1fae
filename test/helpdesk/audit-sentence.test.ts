// Issue 20, item 7: every audit action the reference server (and Twofold's own local log) writes
// reads as a sentence and has a plain name in the Audit tab's list. The actions are found in the
// sources, so a new action without words fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditSentence, hasAuditWords } from '../../src/shared/admin-api/audit-sentence';

const root = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The quoted action names in a piece of code ("user.2fa.reset"; not the words of a condition). */
const literals = (text: string): string[] =>
  [...text.matchAll(/'([a-z0-9-]+(?:\.[a-z0-9-]+)+)'/g)].map((m) => m[1]!);

/** The action names in the audit calls of these sources. */
function auditActions(dir: string): Set<string> {
  const found = new Set<string>();
  for (const file of sources(join(root, dir))) {
    const text = readFileSync(file, 'utf8');
    // `action: 'x'`, also `action: kind === … ? 'x' : 'y'` over several lines (up to the next comma).
    for (const m of text.matchAll(/\baction:\s*([^,]+),/g)) literals(m[1]!).forEach((a) => found.add(a));
    // The help-desk routes' helper: audit(request, actor, 'x', …); the local log's record('x', …).
    for (const m of text.matchAll(/\b(?:audit\(\s*request,\s*actor,|record\()\s*('[^']+')/g))
      literals(m[1]!).forEach((a) => found.add(a));
    // Constants such as AGGREGATED_ACTION = 'auth.failures', and the AUTH_ACTIONS list.
    for (const m of text.matchAll(/_ACTIONS?\s*=\s*(\[[^\]]*\]|'[^']+')/g))
      literals(m[1]!).forEach((a) => found.add(a));
  }
  return found;
}

describe('audit sentences (issue 20, item 7)', () => {
  const server = auditActions('src/server');
  const local = auditActions('src/desktop/helpdesk');

  it('finds the actions in the sources', () => {
    // A floor, so a change in how the server writes its audit calls cannot make this test vacuous.
    expect(server.size).toBeGreaterThanOrEqual(25);
    for (const known of [
      'user.temporary-code.issue',
      'user.2fa.reset',
      'user.caller-check.verify',
      'auth.failures',
    ])
      expect(server).toContain(known);
    expect(local).toContain('self.2fa.enable');
  });

  it('has words for every action the server and the local log write', () => {
    const missing = [...server, ...local].filter((action) => !hasAuditWords(action));
    expect(missing).toEqual([]);
    const listed = new Set(AUDIT_ACTIONS.map((a) => a.action));
    expect([...server, ...local].filter((action) => !listed.has(action))).toEqual([]);
  });

  it('says each one as a sentence, never the raw name', () => {
    for (const action of [...server, ...local]) {
      for (const result of ['ok', 'refused', 'failed']) {
        const sentence = auditSentence({ actor: 'root', action, target: 'alice', result });
        expect(sentence).not.toContain('did “');
        expect(sentence).not.toContain(action);
      }
    }
    expect(
      auditSentence({ actor: 'desk', action: 'user.temporary-code.issue', target: 'alice', result: 'ok' }),
    ).toBe('desk issued a temporary sign-in code for alice');
    expect(
      auditSentence({ actor: 'root', action: 'policy.set', target: 'role:helpdesk', result: 'ok' }),
    ).toBe('root changed the 2FA policy for the help desk');
    expect(
      auditSentence({ actor: 'desk', action: 'user.caller-check.verify', target: 'alice', result: 'failed' }),
    ).toBe('desk checked the caller as alice: the code did not match');
  });

  it('gives every action a distinct plain name for the filter', () => {
    const names = AUDIT_ACTIONS.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).not.toMatch(/^[a-z]+(\.[a-z0-9-]+)+$/);
  });
});
