// The service worker: the only part that talks to the native host. The page's address comes
// from the browser (the sender of the message), never from the page, so a frame cannot claim
// to be another site.
import {
  fillRequestSchema,
  hostReplySchema,
  NATIVE_HOST_NAME,
  type HostReply,
} from '../shared/browser/messages';

let nextId = 0;

async function askHost(url: string, topUrl: string): Promise<HostReply> {
  const id = nextId++;
  try {
    const answer = await chrome.runtime.sendNativeMessage(NATIVE_HOST_NAME, {
      type: 'code',
      id,
      url,
      topUrl,
    });
    const parsed = hostReplySchema.safeParse(answer);
    return parsed.success
      ? parsed.data
      : { id, ok: false, reason: 'Twofold gave an answer this extension does not understand.' };
  } catch {
    return {
      id,
      ok: false,
      reason:
        'Twofold is not connected to this browser: run "twofold browser install", then reload the page.',
    };
  }
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!fillRequestSchema.safeParse(message).success) return false;
  const url = sender.url ?? '';
  const topUrl = sender.tab?.url ?? '';
  void askHost(url, topUrl).then(sendResponse);
  return true;
});
