import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * WCAG 2 A/AA violations on the current page, as "rule: help (n nodes)".
 * axe is evaluated through the DevTools protocol, which the page's CSP does not
 * govern, so the pages are checked exactly as served.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })
    .then((result) => result.violations.map((v) => v.id + ': ' + v.help + ' (' + v.nodes.length + ' nodes)'))`);
}
