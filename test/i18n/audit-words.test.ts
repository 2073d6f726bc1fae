// The Audit tab's words come from the catalogue by the action's key: every action the shared table
// knows (the server's and the local log's) has a name, a "done" and a "tried" sentence there, and a
// "failed" one where a failed try reads differently; the catalogue has no words for an action that
// no longer exists.
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditSentenceShape } from '../../src/shared/admin-api/audit-sentence';
import { englishMessages } from '../../src/shared/i18n';
import { auditActionIds, auditActionPrefix } from '../../src/shared/i18n/audit-words';

describe('the Audit tab’s words in the catalogue', () => {
  it('has words for every audit action, with "failed" where the sentence has it', () => {
    const missing = AUDIT_ACTIONS.filter(({ action }) => !auditActionIds(action)).map(({ action }) => action);
    expect(missing).toEqual([]);
    for (const { action } of AUDIT_ACTIONS) {
      const failedShape = auditSentenceShape({ action, target: 'alice', result: 'failed: wrong code' });
      expect(auditActionIds(action)?.failed !== undefined, action).toBe(failedShape.kind === 'failed');
    }
  });

  it('keeps no words for an action the table does not know', () => {
    const known = new Set(AUDIT_ACTIONS.map(({ action }) => auditActionPrefix(action)));
    const orphans = Object.keys(englishMessages)
      .filter((id) => id.startsWith('helpdesk.auditAction.'))
      .map((id) => id.slice(0, id.lastIndexOf('.')))
      .filter((prefix) => !known.has(prefix));
    expect([...new Set(orphans)]).toEqual([]);
  });

  it('derives the key from the action name', () => {
    expect(auditActionPrefix('user.caller-check.verify')).toBe('helpdesk.auditAction.userCallerCheckVerify');
    expect(auditActionPrefix('web.login.2fa')).toBe('helpdesk.auditAction.webLogin2fa');
  });
});
