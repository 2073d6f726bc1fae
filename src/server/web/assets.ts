import type { FastifyInstance } from 'fastify';

// One small stylesheet; system fonts, AA contrast in light and dark, visible focus; logical
// properties only (start/end, not left/right), so an Arabic page (dir=rtl) is mirrored.
const SITE_CSS = `
:root { color-scheme: light dark; --accent: #1f5fbf; --fg: #1b1d21; --bg: #f7f8fa; --card: #fff; --muted: #5b6170; --error: #a31515; --ok: #17663a; }
@media (prefers-color-scheme: dark) { :root { --accent: #8ab4ff; --fg: #e8eaef; --bg: #15171b; --card: #1f2227; --muted: #a8aebb; --error: #ff9c9c; --ok: #8fe0b0; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
.top { display: flex; justify-content: space-between; align-items: center; padding: 8px 24px; background: var(--card); border-block-end: 1px solid color-mix(in srgb, var(--fg) 15%, transparent); }
.brand { font-weight: 700; color: var(--accent); text-decoration: none; }
main { max-inline-size: 40rem; margin: 32px auto; padding: 24px; background: var(--card); border-radius: 8px; }
h1 { margin-block-start: 0; font-size: 1.5rem; }
label { display: block; margin-block: 16px 4px; font-weight: 600; }
input[type=text], input[type=password] { inline-size: 100%; padding: 8px; font: inherit; border: 1px solid var(--muted); border-radius: 4px; background: var(--bg); color: var(--fg); }
.check { display: flex; gap: 8px; align-items: center; font-weight: 400; }
button { margin-block-start: 16px; padding: 8px 16px; font: inherit; color: #fff; background: var(--accent); border: 0; border-radius: 4px; cursor: pointer; }
@media (prefers-color-scheme: dark) { button { color: #0b1530; } }
button.danger { background: var(--error); }
button.link { margin: 0; padding: 0; background: none; color: var(--accent); text-decoration: underline; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.inline { display: flex; gap: 16px; align-items: center; }
.notice { padding: 8px 12px; border-radius: 4px; border-inline-start: 4px solid; }
.notice.error { color: var(--error); border-color: var(--error); }
.notice.info { color: var(--ok); border-color: var(--ok); }
.tabs { display: flex; gap: 4px; margin-block-end: 24px; border-block-end: 1px solid color-mix(in srgb, var(--fg) 25%, transparent); }
.tab { padding: 8px 16px; margin-block-end: -1px; color: var(--muted); text-decoration: none; border: 1px solid transparent; border-radius: 6px 6px 0 0; }
.tab:hover { color: var(--fg); background: var(--bg); }
.tab[aria-current="page"] { color: var(--fg); font-weight: 600; background: var(--card); border-color: color-mix(in srgb, var(--fg) 25%, transparent); border-block-end: 3px solid var(--accent); }
.secret, .codes { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 1.1rem; letter-spacing: 0.05em; }
.codes { columns: 2; padding-inline-start: 1.5rem; }
/* Codes, secrets, links and logins read left to right, as one run, inside right-to-left text. */
[dir="ltr"] { unicode-bidi: isolate; }
.language { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; margin-block-start: 24px; }
.language label { margin: 0; flex-basis: 100%; }
.language button { margin-block-start: 0; }
select { padding: 8px; font: inherit; border: 1px solid var(--muted); border-radius: 4px; background: var(--bg); color: var(--fg); }
.qr { display: block; inline-size: 240px; block-size: 240px; image-rendering: pixelated; background: #fff; }
.muted { color: var(--muted); }
.keep { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
.keep button { margin-block-start: 0; }
a.button { display: inline-block; padding: 8px 16px; color: #fff; background: var(--accent); border-radius: 4px; text-decoration: none; }
@media (prefers-color-scheme: dark) { a.button { color: #0b1530; } }
button:disabled { opacity: 0.6; cursor: not-allowed; }
@media print {
  .top, .tabs, .keep, #codes-saved, .notice { display: none; }
  body, main { background: #fff; color: #000; margin: 0; }
}
`;

// The recovery codes page: Copy and Print need a script (the CSP allows only our own); its words
// come from the page (data-copied, data-selected), in the page's language;
// Continue stays disabled, and leaving asks first, until "I have saved them" is ticked.
const RECOVERY_CODES_JS = `document.addEventListener('DOMContentLoaded', () => {
  const codes = [...document.querySelectorAll('#recovery-codes li')].map((li) => li.textContent.trim());
  const status = document.getElementById('keep-status');
  const copy = document.getElementById('copy-codes');
  const print = document.getElementById('print-codes');
  const saved = document.getElementById('saved');
  const done = document.getElementById('codes-done');
  const why = document.getElementById('saved-why');
  if (!copy || !print || !saved || !done || !why) return;
  const say = (text) => { status.textContent = text; };
  copy.hidden = false;
  print.hidden = false;
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\\n') + '\\n');
      say(status.dataset.copied);
    } catch {
      // No clipboard access (plain http on another host): select them for Ctrl+C instead.
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('recovery-codes'));
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      say(status.dataset.selected);
    }
  });
  print.addEventListener('click', () => window.print());
  const sync = () => {
    done.disabled = !saved.checked;
    why.hidden = saved.checked;
  };
  saved.addEventListener('change', sync);
  sync();
  window.addEventListener('beforeunload', (event) => {
    if (!saved.checked) event.preventDefault();
  });
});
`;

// Shows each <time datetime> in the browser's own time zone (the HTML carries UTC), in the page's language.
const LOCAL_TIME_JS = `document.addEventListener('DOMContentLoaded', () => {
  for (const el of document.querySelectorAll('time[datetime]')) {
    const at = new Date(el.getAttribute('datetime'));
    if (Number.isNaN(at.getTime())) continue;
    el.textContent = at.toLocaleString(document.documentElement.lang || undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  }
});
`;

export function registerAssets(app: FastifyInstance): void {
  app.get('/assets/local-time.js', async (_request, reply) =>
    reply
      .header('Cache-Control', 'public, max-age=3600')
      .type('text/javascript; charset=utf-8')
      .send(LOCAL_TIME_JS),
  );
  app.get('/assets/recovery-codes.js', async (_request, reply) =>
    reply
      .header('Cache-Control', 'public, max-age=3600')
      .type('text/javascript; charset=utf-8')
      .send(RECOVERY_CODES_JS),
  );
  app.get('/assets/site.css', async (_request, reply) =>
    reply.header('Cache-Control', 'public, max-age=3600').type('text/css; charset=utf-8').send(SITE_CSS),
  );
}
