// What a person sees and hears on a page, for the language tests: visible text nodes and the
// labels assistive technology reads (aria-label, placeholder, title, alt), outside data marked
// `translate="no"` (names, logins, codes, links are not translated).
import type { Page } from 'playwright-core';

export interface ShownText {
  readonly text: string;
  /** A short path to the element, for the failure message. */
  readonly where: string;
}

export function shownTexts(page: Page): Promise<ShownText[]> {
  return page.evaluate<ShownText[]>(`(() => {
    const found = [];
    const path = (el) => {
      const parts = [];
      for (let e = el; e && parts.length < 4; e = e.parentElement) {
        const cls = typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : '';
        parts.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : cls));
      }
      return parts.join(' > ');
    };
    // Data (translate="no") and dates and times, which Intl writes in the page's language.
    const excluded = (el) =>
      el.closest('[translate="no"], [aria-hidden="true"], time, script, style') !== null;
    const visible = (el) => {
      if (el.closest('option')) return el.closest('select') !== null && visible(el.closest('select'));
      const style = getComputedStyle(el);
      return el.getClientRects().length > 0 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    // A modal dialog makes the page behind it inert: read the dialog alone.
    const root = document.querySelector('dialog[open]') ?? document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const parent = node.parentElement;
      if (!text || !parent || excluded(parent) || !visible(parent)) continue;
      found.push({ text, where: path(parent) });
    }
    for (const el of root.querySelectorAll('[aria-label], [placeholder], [title], img[alt]')) {
      if (excluded(el) || !visible(el)) continue;
      for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
        const value = el.getAttribute(name)?.trim();
        if (value) found.push({ text: value, where: path(el) + '[' + name + ']' });
      }
    }
    return found;
  })()`);
}

const PSEUDO_MARKS = /[[\]‥åƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ]/u;

/** Text shown in the pseudo-locale that did not come from the catalogue (plain English letters, no pseudo marks). */
export function rawStrings(texts: readonly ShownText[]): string[] {
  // A file path or an address on its own (a tooltip naming a file) is data, not words.
  const pathOrAddress = (text: string): boolean => !/\s/.test(text) && /[/\\]/.test(text);
  return texts
    .filter(({ text }) => /[A-Za-z]/.test(text) && !PSEUDO_MARKS.test(text) && !pathOrAddress(text))
    .map(({ text, where }) => `"${text}" at ${where}`);
}

/** Controls and headings whose text does not fit their box (clipped or spilling out). */
export function clippedControls(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const out = [];
    const selector = 'button, a, label, [role="tab"], [role="menuitem"], h1, h2, h3, legend, summary, th';
    for (const el of document.querySelectorAll(selector)) {
      if (el.closest('[translate="no"]') || el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden') continue;
      const clipsX = el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible';
      const clipsY = el.scrollHeight > el.clientHeight + 1 && style.overflowY !== 'visible';
      if ((clipsX || clipsY) && el.clientWidth > 0) {
        out.push(
          el.tagName.toLowerCase() + '.' + el.className + ' "' + (el.textContent ?? '').trim().slice(0, 60) + '"',
        );
      }
    }
    return out;
  })()`);
}
