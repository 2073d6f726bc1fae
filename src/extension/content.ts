// Runs in every frame: finds one-time-code fields and puts a "Fill code from Twofold" button
// in each. Nothing is filled until the person clicks it (or presses Alt+Shift+F in the field).
import { hostReplySchema } from '../shared/browser/messages';
import { findCodeFields, type CodeField } from './detect';
import { fillCode } from './fill';

const BUTTON_LABEL = 'Fill code from Twofold';
const offered = new WeakSet<HTMLInputElement>();

async function fillFrom(field: CodeField, status: HTMLElement): Promise<void> {
  status.textContent = '';
  let reply;
  try {
    reply = hostReplySchema.safeParse(await chrome.runtime.sendMessage({ type: 'fill-code' }));
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
  for (const input of field.inputs)
    input.addEventListener('keydown', (event) => {
      if (event.isTrusted && event.altKey && event.shiftKey && event.code === 'KeyF') {
        event.preventDefault();
        void fillFrom(field, status);
      }
    });
}

function scan(): void {
  for (const field of findCodeFields(document)) offer(field);
}

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
