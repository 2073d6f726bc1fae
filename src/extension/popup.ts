// The toolbar popup: the accounts for the active tab's site, each with a Fill button, or why
// there are none; an unlinked account named like the site can be linked to it once. It gets
// account names and reasons from the service worker, never a code or a secret.
import { popupStateSchema, type AccountName, type PopupState } from '../shared/browser/messages';

const view = document.getElementById('view') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
// Opened as a page (tests), the popup is told which tab it is for.
const tabParam = new URLSearchParams(location.search).get('tab');
const tab = tabParam !== null && /^\d+$/.test(tabParam) ? Number(tabParam) : undefined;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}

function nameOf(account: AccountName): string {
  return account.issuer || account.account || 'Account';
}

function row(account: AccountName, action: HTMLButtonElement): HTMLLIElement {
  const item = element('li');
  const label = element('span', nameOf(account));
  if (account.account && account.issuer) label.append(' ', element('small', account.account));
  item.append(label, action);
  return item;
}

async function ask(message: object): Promise<PopupState> {
  const parsed = popupStateSchema.safeParse(
    await chrome.runtime.sendMessage({ ...message, ...(tab !== undefined ? { tab } : {}) }),
  );
  return parsed.success
    ? parsed.data
    : {
        reply: { id: null, ok: false, reason: 'Twofold gave an answer this popup does not understand.' },
        hasField: false,
      };
}

function render(state: PopupState): void {
  view.replaceChildren();
  const { reply } = state;
  if (reply.ok) {
    view.append(element('p', `Accounts for ${reply.site}`));
    if (!state.hasField) view.append(element('p', 'This page has no code field to fill.'));
    const list = element('ul');
    for (const account of reply.accounts) {
      const fill = element('button', 'Fill');
      fill.type = 'button';
      fill.disabled = !state.hasField;
      fill.setAttribute('aria-label', `Fill code for ${nameOf(account)}`);
      fill.addEventListener('click', () => void fillWith(account));
      list.append(row(account, fill));
    }
    view.append(list);
    return;
  }
  view.append(element('p', reply.reason));
  const suggestions = reply.suggestions ?? [];
  if (reply.site === undefined || suggestions.length === 0) return;
  const list = element('ul');
  for (const account of suggestions) {
    const use = element('button', 'Use');
    use.type = 'button';
    use.setAttribute('aria-label', `Use ${nameOf(account)} for ${reply.site}`);
    use.addEventListener('click', () => void link(account));
    const item = row(account, use);
    item.firstChild?.replaceWith(element('span', `Use ${nameOf(account)} for ${reply.site}?`));
    list.append(item);
  }
  view.append(list);
}

async function fillWith(account: AccountName): Promise<void> {
  status.textContent = '';
  const answer = (await chrome.runtime.sendMessage({
    type: 'popup-fill',
    account: account.id,
    ...(tab !== undefined ? { tab } : {}),
  })) as {
    ok?: unknown;
    reason?: unknown;
  } | null;
  if (answer?.ok === true) {
    if (tab === undefined) window.close();
    else status.textContent = 'Filled.';
  } else
    status.textContent =
      typeof answer?.reason === 'string' ? answer.reason : 'Twofold did not fill the code.';
}

async function link(account: AccountName): Promise<void> {
  status.textContent = '';
  render(await ask({ type: 'popup-link', account: account.id }));
}

void ask({ type: 'popup-accounts' }).then(render);
