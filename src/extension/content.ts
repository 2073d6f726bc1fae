// Runs in every frame: finds one-time-code fields and puts a "Fill code from Twofold" button
// in each. Nothing is filled until the person clicks it, presses the extension's shortcut
// (Alt+Shift+F unless changed) in the field, or picks an account in the toolbar popup.
import { codeReplySchema, workerMessageSchema } from '../shared/browser/messages';
import { findCodeFields, type CodeField } from './detect';
import { fillCode } from './fill';

const BUTTON_LABEL = 'Fill code from Twofold';
const offered = new WeakSet<HTMLInputElement>();
/** Each field offered, with the line where its button says why nothing was filled. */
const fields: { field: CodeField; status: HTMLElement }[] = [];

async function fillFrom(field: CodeField, status: HTMLElement): Promise<void> {
  status.textContent = '';
  let reply;
  try {
    reply = codeReplySchema.safeParse(await chrome.runtime.sendMessage({ type: 'fill-code' }));
  } catch {
    status.textContent =
      'Twofold did not answer. Is the browser connection set up (twofold browser install)?';
    return;
  }
  if (!reply.success) {
    status.textContent = 'Twofold gave an answer this extension does not understand.';
    return;
  }
  if (!reply.data.ok) {
    status.textContent = reply.data.reason;
    return;
  }
  fillCode(field.inputs, reply.data.code);
}

function offer(field: CodeField): void {
  const first = field.inputs[0];
  if (!first || offered.has(first)) return;
  offered.add(first);
  // A shadow root keeps the page's styles off the button and the button's off the page.
  const host = document.createElement('span');
  host.style.cssText = 'display:inline-block;position:relative;vertical-align:middle;margin-left:4px';
  const shadow = host.attachShadow({ mode: 'open' });
  const button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-label', BUTTON_LABEL);
  button.title = BUTTON_LABEL;
  button.textContent = '2F';
  button.style.cssText =
    'font:600 11px system-ui,sans-serif;padding:2px 5px;border:1px solid #4a5bd4;border-radius:4px;background:#fff;color:#2a3bb4;cursor:pointer';
  const status = document.createElement('span');
  status.setAttribute('role', 'status');
  status.style.cssText = 'font:12px system-ui,sans-serif;color:#8a1c1c;margin-left:4px';
  button.addEventListener('click', (event) => {
    event.preventDefault();
    // Only a person's click fills: a page's script calling click() is not one.
    if (!event.isTrusted) return;
    void fillFrom(field, status);
  });
  shadow.append(button, status);
  const last = field.inputs[field.inputs.length - 1] ?? first;
  last.insertAdjacentElement('afterend', host);
  fields.push({ field, status });
}

function scan(): void {
  const before = fields.length;
  for (const field of findCodeFields(document)) offer(field);
  // The service worker keeps which frames have a field, for the popup.
  if (before === 0 && fields.length > 0)
    void chrome.runtime.sendMessage({ type: 'fields-found' }).catch(() => undefined);
}

// From the service worker (only the extension can send these): the popup's code for this
// frame, or the shortcut, which fills the field that has the focus.
chrome.runtime.onMessage.addListener((message) => {
  const parsed = workerMessageSchema.safeParse(message);
  if (!parsed.success) return false;
  const focused = document.hasFocus() ? document.activeElement : null;
  const target = fields.find(({ field }) => field.inputs.some((input) => input === focused));
  if (parsed.data.type === 'fill-focused') {
    if (target) void fillFrom(target.field, target.status);
  } else if (parsed.data.origin === location.origin) {
    const chosen = target ?? fields[0];
    if (chosen) fillCode(chosen.field.inputs, parsed.data.code);
  }
  return false;
});

scan();
// Sign-in pages often show the code step without a reload.
let queued = false;
new MutationObserver(() => {
  if (queued) return;
  queued = true;
  setTimeout(() => {
    queued = false;
    scan();
  }, 200);
}).observe(document.documentElement, { childList: true, subtree: true });
