import type { SignInFactor, SignInRow, SignInStore } from '../db/sign-ins';

export { SIGN_IN_FACTORS, type SignInFactor } from '../db/sign-ins';

export interface SignInRecord {
  at: string;
  address: string | null;
  result: 'ok' | 'refused';
  /** The last factor checked: what let the person in, or what was refused. */
  factor: SignInFactor;
  channel: 'web' | 'api';
}

// Enough for a help desk to see a pattern; older entries are dropped as new ones come.
const KEEP_PER_USER = 200;

/** Each account's recent sign-ins (web pages and admin API), for the help desk's side panel. */
export class SignInHistory {
  constructor(private readonly signIns: SignInStore) {}

  async record(entry: SignInRow): Promise<void> {
    await this.signIns.append(entry);
    await this.signIns.keepNewest(entry.userId, KEEP_PER_USER);
  }

  async recent(userId: number, limit: number): Promise<SignInRecord[]> {
    const rows = await this.signIns.newest(userId, limit);
    return rows.map((row) => ({
      at: new Date(row.at).toISOString(),
      address: row.address,
      result: row.result,
      factor: row.factor,
      channel: row.channel,
    }));
  }
}
