/** Shared helpers for the end-to-end specs: axe with the WCAG 2.2 AA tags, and theme switching. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Asserts axe finds no WCAG 2.2 AA violation on the page as it is now. */
export async function expectNoAxeViolations(page: Page, context = '') {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`,
  );
  expect(summary, `axe violations ${context}`).toEqual([]);
}

/** Sets the reading preferences before any page script runs, as a returning visitor would have. */
export async function usePreferences(page: Page, prefs: { contrast?: 'high'; text?: 0 | 1 | 2 | 3 }) {
  await page.addInitScript((p) => {
    if (p.contrast) localStorage.setItem('fanzha:contrast', p.contrast);
    if (p.text !== undefined) localStorage.setItem('fanzha:text', String(p.text));
  }, prefs);
}

/** Every file under `dir` (the built site), depth first. */
export function walkFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walkFiles(p, out);
    else out.push(p);
  }
  return out;
}
