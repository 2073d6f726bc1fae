/** Where small secrets (vault keys, server passwords and tokens) live: the OS keychain or a stand-in. */
export interface Keychain {
  /** The secret stored for `account`, or null when there is none. */
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
}
