// The service worker: the only part that talks to the native host. A page's address comes from
// the browser (the sender of the message, the tab), never from the page, so a frame cannot claim
// to be another site. The popup gets account names and reasons, never a code: codes go to the
// frame they are for.
import type { z } from 'zod';
import {
  accountsReplySchema,
  codeReplySchema,
  contentMessageSchema,
  NATIVE_HOST_NAME,
  popupMessageSchema,
  type AccountsReply,
  type CodeReply,
  type PopupMessage,
  type PopupState,
} from '../shared/browser/messages';

let nextId = 0;
const NOT_CONNECTED =
  'Twofold is not connected to this browser: run "twofold browser install" (or Settings → Browser in Twofold), then reload the page.';

async function askHost<S extends z.ZodType<CodeReply | AccountsReply>>(
  schema: S,
  request: { type: 'code' | 'accounts' | 'link'; url: string; topUrl: string; account?: string },
): Promise<z.infer<S> | { id: number; ok: false; reason: string }> {
  const id = nextId++;
  try {
    const parsed = schema.safeParse(
      await chrome.runtime.sendNativeMessage(NATIVE_HOST_NAME, { ...request, id }),
    );
    return parsed.success
      ? parsed.data
      : { id, ok: false, reason: 'Twofold gave an answer this extension does not understand.' };
  } catch {
    return { id, ok: false, reason: NOT_CONNECTED };
  }
}

// The frames of each tab where the content script found a code field, with the tab's address
// as the browser gave it with their messages (kept while the worker sleeps). The popup reads
// the tab's address from here when activeTab has not granted it.
const framesKey = (tabId: number) => `fields:${tabId}`;
interface Frames {
  top: string;
  frames: Record<string, string>;
}

async function framesOf(tabId: number): Promise<Frames> {
  const stored = (await chrome.storage.session.get(framesKey(tabId)))[framesKey(tabId)] as
    Partial<Frames> | undefined;
  return {
    top: typeof stored?.top === 'string' ? stored.top : '',
    frames: typeof stored?.frames === 'object' && stored.frames !== null ? stored.frames : {},
  };
}

chrome.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'loading') void chrome.storage.session.remove(framesKey(tabId));
});
chrome.tabs.onRemoved.addListener((tabId) => void chrome.storage.session.remove(framesKey(tabId)));

interface Target {
  tabId: number;
  topUrl: string;
  /** The frame with a code field (the top page's first), or none. */
  frame: { id: number; url: string } | null;
}

async function targetOf(tab: number | undefined): Promise<Target | null> {
  const found =
    tab !== undefined
      ? await chrome.tabs.get(tab)
      : (await chrome.tabs.query({ active: true, currentWindow: true }))[0];
  if (found?.id === undefined) return null;
  const { top, frames } = await framesOf(found.id);
  const ids = Object.keys(frames)
    .map(Number)
    .sort((a, b) => a - b);
  const first = ids[0];
  return {
    tabId: found.id,
    topUrl: found.url || top,
    frame: first !== undefined ? { id: first, url: frames[String(first)] ?? '' } : null,
  };
}

async function popupAnswer(message: PopupMessage): Promise<PopupState | { ok: boolean; reason?: string }> {
  const target = await targetOf(message.tab);
  if (!target)
    return { reply: { id: null, ok: false, reason: 'There is no page in this tab.' }, hasField: false };
  const page = { url: target.frame?.url ?? target.topUrl, topUrl: target.topUrl };
  if (message.type === 'popup-accounts')
    return {
      reply: await askHost(accountsReplySchema, { type: 'accounts', ...page }),
      hasField: target.frame !== null,
    };
  if (message.type === 'popup-link')
    return {
      reply: await askHost(accountsReplySchema, { type: 'link', ...page, account: message.account }),
      hasField: target.frame !== null,
    };
  if (!target.frame) return { ok: false, reason: 'This page has no code field to fill.' };
  const reply = await askHost(codeReplySchema, { type: 'code', ...page, account: message.account });
  if (!reply.ok) return { ok: false, reason: reply.reason };
  const { origin } = new URL(target.frame.url);
  await chrome.tabs.sendMessage(
    target.tabId,
    { type: 'fill', code: reply.code, origin },
    { frameId: target.frame.id },
  );
  return { ok: true };
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id) return false;
  // The popup is the extension's own page (a content script's sender is the web page it runs in).
  const fromPopup = (sender.url ?? '').startsWith(chrome.runtime.getURL(''));
  if (fromPopup) {
    const popup = popupMessageSchema.safeParse(message);
    if (!popup.success) return false;
    void popupAnswer(popup.data).then(sendResponse, () =>
      sendResponse({ reply: { id: null, ok: false, reason: 'Twofold failed to answer.' }, hasField: false }),
    );
    return true;
  }
  const content = contentMessageSchema.safeParse(message);
  const tabId = sender.tab?.id;
  if (!content.success || tabId === undefined) return false;
  const url = sender.url ?? '';
  const topUrl = sender.tab?.url ?? '';
  if (content.data.type === 'fields-found') {
    void framesOf(tabId).then(({ frames }) =>
      chrome.storage.session.set({
        [framesKey(tabId)]: { top: topUrl, frames: { ...frames, [String(sender.frameId ?? 0)]: url } },
      }),
    );
    return false;
  }
  void askHost(codeReplySchema, { type: 'code', url, topUrl }).then(sendResponse);
  return true;
});

// The keyboard shortcut: the frame whose code field has the focus fills it.
chrome.commands.onCommand.addListener((command, tab) => {
  if (command === 'fill-code' && tab?.id !== undefined)
    void chrome.tabs.sendMessage(tab.id, { type: 'fill-focused' }).catch(() => undefined);
});
