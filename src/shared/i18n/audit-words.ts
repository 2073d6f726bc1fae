// Which catalogue messages hold an audit action's words: derived from the action's key, so the
// shared table (src/shared/admin-api/audit-sentence.ts) and the catalogue are the only two lists.
import { englishMessages, type MessageId } from './catalogue';

export interface ActionIds {
  readonly name: MessageId;
  readonly done: MessageId;
  readonly tried: MessageId;
  readonly failed?: MessageId;
}

/** An action's catalogue prefix: `user.caller-check.verify` → `helpdesk.auditAction.userCallerCheckVerify`. */
export const auditActionPrefix = (action: string): string =>
  `helpdesk.auditAction.${action
    .split(/[.-]/)
    .map((part, i) => (i === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('')}`;

const isMessageId = (id: string): id is MessageId => Object.hasOwn(englishMessages, id);

/** The catalogue's words for an action (test/i18n/audit-words.test.ts: every shared action has them). */
export function auditActionIds(action: string): ActionIds | undefined {
  const prefix = auditActionPrefix(action);
  const [name, done, tried, failed] = ['name', 'done', 'tried', 'failed'].map((part) => `${prefix}.${part}`);
  if (!isMessageId(name!) || !isMessageId(done!) || !isMessageId(tried!)) return undefined;
  return isMessageId(failed!) ? { name, done, tried, failed } : { name, done, tried };
}
