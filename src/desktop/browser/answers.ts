import type {
  AccountName,
  AccountsReply,
  CodeReply,
  HostRequest,
  HostReply,
} from '../../shared/browser/messages';
import { linkSuggestions, matchPage, type PageMatch } from '../../shared/site/match';
import { parseUrl } from '../../node/parse-url';
import type { Vault } from '../vault';
import type { VaultEntryMeta } from '../vault/types';
import { readBrowserSettings, writeBrowserSettings } from './settings';

/** What answering needs: the vault (open), its path (the settings live beside it), and maybe a person to ask. */
export interface AnswerContext {
  readonly vaultPath: string;
  readonly vault: () => Promise<Vault>;
  /**
   * Asks the person whether the extension may fill codes on a site it has not filled on before
   * (the app shows it). Absent (the host on its own) or null (no window to ask in), such a
   * site is refused with how to allow it.
   */
  readonly confirmSite?: (site: string, issuer: string) => Promise<boolean | null>;
}

type Entry = VaultEntryMeta & { readonly site?: string };

const nameOf = (entry: VaultEntryMeta): AccountName => ({
  id: entry.id,
  issuer: entry.issuer,
  account: entry.account,
});

function entriesOf(vault: Vault): Entry[] {
  return vault
    .list()
    .map((entry) => (entry.website !== undefined ? { ...entry, site: entry.website } : entry));
}

function accountsReply(id: number, entries: Entry[], match: PageMatch<Entry>): AccountsReply {
  if (match.ok) return { id, ok: true, site: match.site, accounts: match.accounts.map(nameOf) };
  if (match.noAccountFor === undefined) return { id, ok: false, reason: match.reason };
  const suggestions = linkSuggestions(match.noAccountFor, entries, parseUrl).slice(0, 20).map(nameOf);
  return { id, ok: false, reason: match.reason, site: match.noAccountFor, suggestions };
}

async function codeReply(
  request: Extract<HostRequest, { type: 'code' }>,
  vault: Vault,
  match: PageMatch<Entry>,
  context: AnswerContext,
): Promise<CodeReply> {
  const { id } = request;
  if (!match.ok) return { id, ok: false, reason: match.reason };
  const chosen = match.accounts.filter(
    (account) => account.type !== 'hotp' && (request.account === undefined || account.id === request.account),
  );
  if (chosen.length !== 1)
    return {
      id,
      ok: false,
      reason:
        chosen.length === 0
          ? request.account !== undefined
            ? `That account is not for ${match.site}.`
            : `The account for ${match.site} uses counter codes: take the code from Twofold.`
          : `${chosen.length} accounts are for ${match.site}: choose one in Twofold's toolbar button.`,
    };
  const [account] = chosen as [Entry];
  const settings = await readBrowserSettings(context.vaultPath);
  if (!settings.allowedSites.includes(match.site)) {
    const allowed = (await context.confirmSite?.(match.site, account.issuer)) ?? null;
    if (allowed === null)
      return {
        id,
        ok: false,
        reason: `Allow ${match.site} first: in Twofold, or with "twofold browser allow ${match.site}".`,
      };
    if (!allowed) return { id, ok: false, reason: `Filling on ${match.site} was refused in Twofold.` };
    const now = await readBrowserSettings(context.vaultPath);
    if (!now.allowedSites.includes(match.site)) now.allowedSites.push(match.site);
    await writeBrowserSettings(context.vaultPath, now);
  }
  const code = vault.codes().find((candidate) => candidate.id === account.id)?.code;
  if (!code) return { id, ok: false, reason: `Twofold has no code for ${match.site} right now.` };
  return { id, ok: true, code, issuer: account.issuer };
}

/**
 * One answer to the extension, by the host on its own or by the running app: the code of the
 * one account for the page's site, the names of the accounts for it, or a link of an unlinked
 * account to it. Never a secret, never the accounts of other sites.
 */
export async function answerRequest(request: HostRequest, context: AnswerContext): Promise<HostReply> {
  const { id } = request;
  const settings = await readBrowserSettings(context.vaultPath);
  if (!settings.enabled)
    return { id, ok: false, reason: 'Filling codes in the browser is turned off in Twofold.' };
  const vault = await context.vault();
  const entries = entriesOf(vault);
  const match = matchPage({ url: request.url, topUrl: request.topUrl }, entries, parseUrl);
  switch (request.type) {
    case 'code':
      return codeReply(request, vault, match, context);
    case 'accounts':
      return accountsReply(id, entries, match);
    case 'link': {
      const before = accountsReply(id, entries, match);
      const offered = before.ok ? [] : (before.suggestions ?? []);
      if (before.ok || before.site === undefined || !offered.some((entry) => entry.id === request.account))
        return { id, ok: false, reason: 'That account cannot be linked to this page’s site.' };
      await vault.update(request.account, { website: before.site });
      const after = entriesOf(vault);
      return accountsReply(
        id,
        after,
        matchPage({ url: request.url, topUrl: request.topUrl }, after, parseUrl),
      );
    }
  }
}
