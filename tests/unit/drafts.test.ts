/** The draft hand-overs between pages agree on their keys, including the one plain-JS writer. */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { DRAFT_KEYS } from '../../site/lib/drafts.ts';

test('the home page paste box (public/theme.js) writes the key /check/ reads', () => {
  const theme = readFileSync(new URL('../../public/theme.js', import.meta.url), 'utf8');
  expect(theme).toContain(`sessionStorage.setItem('${DRAFT_KEYS.check}'`);
});

test('no island names a draft key itself: they all go through site/lib/drafts.ts', () => {
  const dir = new URL('../../site/islands/', import.meta.url);
  const islands = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => readFileSync(new URL(f, dir), 'utf8'));
  expect(islands.length).toBeGreaterThan(5);
  for (const src of islands)
    for (const key of Object.values(DRAFT_KEYS)) expect(src).not.toContain(key);
});
