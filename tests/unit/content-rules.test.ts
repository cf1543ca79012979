/**
 * Rules the published content must keep, checked on the files themselves: advice that could cost
 * a victim money if it were out of order, phone numbers that dial, and sample data that can
 * belong to no one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import YAML from 'yaml';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface ContentFile {
  file: string;
  data: Record<string, unknown>;
  body: string;
}

function readMdx(dir: string): ContentFile[] {
  const abs = join(ROOT, 'content', dir);
  return readdirSync(abs)
    .filter((f) => f.endsWith('.mdx'))
    .sort()
    .map((f) => {
      const src = readFileSync(join(abs, f), 'utf8');
      const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(src);
      if (!m) throw new Error(`content/${dir}/${f}: no frontmatter`);
      return { file: `content/${dir}/${f}`, data: YAML.parse(m[1]!), body: m[2]! };
    });
}

/** The numbered items of the body section under `## <heading>`. */
function sectionSteps(body: string, heading: string): string[] {
  const start = body.indexOf(`## ${heading}`);
  if (start === -1) return [];
  const rest = body.slice(start).split('\n').slice(1);
  const end = rest.findIndex((l) => l.startsWith('## '));
  return (end === -1 ? rest : rest.slice(0, end))
    .filter((l) => /^\d+\.\s/.test(l))
    .map((l) => l.replace(/^\d+\.\s+/, ''));
}

/** 110 as a number of its own, not the tail of 96110. */
const CALL_110 = /(?<!\d)110(?!\d)/;

const patterns = readMdx('patterns');

describe('what to do now', () => {
  test('every explainer has a 现在该怎么做 list', () => {
    for (const p of patterns)
      expect(sectionSteps(p.body, '现在该怎么做').length, p.file).toBeGreaterThan(1);
  });

  test('the 110 step (money already moved) comes first in every 现在该怎么做', () => {
    for (const p of patterns) {
      const [first] = sectionSteps(p.body, '现在该怎么做');
      expect(first, p.file).toMatch(CALL_110);
      expect(first, p.file).toMatch(/转了钱|转账|付了钱|交了钱|给了钱/);
    }
  });

  test('the 110 step also leads each explainer’s 应该这样做 list', () => {
    for (const p of patterns) {
      const dos = p.data['dos'] as string[];
      expect(dos[0], p.file).toMatch(CALL_110);
    }
  });
});
