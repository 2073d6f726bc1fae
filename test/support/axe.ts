// axe-core run in the page: the serious and critical WCAG 2 A/AA findings, for the accessibility tests.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Serious and critical WCAG 2 A/AA violations on the page as it is now. axe is
 * evaluated through the DevTools protocol, which the page's CSP does not
 * govern, so the app is checked exactly as served (no CSP bypass).
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate<{ violations: Violation[]; passes: number }>(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } })
    .then((r) => ({ violations: r.violations, passes: r.passes.length }))`);
  // A run that checked nothing would pass vacuously.
  expect(result.passes).toBeGreaterThan(10);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
