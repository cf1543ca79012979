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
import { analyze } from '../../bot/analyze.ts';
import { loadKnowledgeFromContent, loadPatternContent } from '../../bot/content-loader.ts';

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

/** Every file under `dir` (recursively) whose name ends with one of `exts`, relative to ROOT. */
function filesUnder(dir: string, exts: string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(ROOT, rel), { withFileTypes: true })) {
      const path = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else if (exts.some((x) => e.name.endsWith(x))) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

describe('the 96110 caller-ID rule', () => {
  // Genuine calls show the calling centre's own area code (属地区号 + 96110), so a call from
  // another city's anti-fraud centre is real; a 00 or + prefix marks a fake.
  const explaining = [
    ...filesUnder('content', ['.mdx', '.json', '.yaml']),
    ...filesUnder('site', ['.astro', '.tsx', '.json']),
    'bot/signals.ts',
    'bot/advice.ts',
  ]
    .map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }))
    .filter(({ text }) => /96110[^\n]{0,40}来电显示|来电显示[^\n]{0,40}96110/.test(text));

  test('is explained in the hotlines page, the emergency panel and the engine', () => {
    const files = explaining.map((e) => e.file);
    for (const f of [
      'content/pages/hotlines.mdx',
      'site/components/EmergencyPanel.astro',
      'bot/signals.ts',
    ])
      expect(files).toContain(f);
  });

  test('never limits genuine calls to the local area code, and names 00 and + as fakes', () => {
    for (const { file, text } of explaining) {
      expect(text, file).not.toMatch(/本地区号/);
      expect(text, file).toMatch(/区号\s*\+\s*96110/);
      expect(text, file).toMatch(/00/);
      expect(text, file).toMatch(/\+\s*号|“\+”|「\+」|、\+/);
    }
  });

  test('always adds that a real 96110 never asks for money', () => {
    for (const { file, text } of explaining)
      expect(text, file).toMatch(
        /96110[^。\n]{0,12}(?:从不|从来不|不会)[^。\n]{0,20}(?:转钱|转账|要钱)/,
      );
  });
});

/** Explainers added for the scams people meet in 2026 (issue 10); each must teach the bot well. */
const NEW_EXPLAINERS = ['impersonating-anti-fraud'];

describe('explainers teach the scam-check bot', () => {
  const knowledge = loadKnowledgeFromContent(ROOT);
  const content = loadPatternContent(ROOT);

  test('a message made of an explainer’s sample scripts is flagged with that explainer', () => {
    for (const p of content) {
      const v = analyze(p.scripts.join('\n'), knowledge);
      expect(v.level, p.slug).not.toBe('未发现明显诈骗特征');
      expect(v.pattern?.slug, p.slug).toBe(p.slug);
    }
  });

  test('each new explainer has at least 5 red flags and 2 sample scripts', () => {
    for (const slug of NEW_EXPLAINERS) {
      const p = content.find((c) => c.slug === slug);
      expect(p, slug).toBeDefined();
      expect(p!.redFlags.length, slug).toBeGreaterThanOrEqual(5);
      expect(p!.scripts.length, slug).toBeGreaterThanOrEqual(2);
    }
  });

  test('no red-flag phrase belongs to two explainers, so a match points to one family', () => {
    const owner = new Map<string, string>();
    for (const p of content)
      for (const phrase of p.redFlags.flatMap((f) => f.phrases)) {
        const other = owner.get(phrase);
        expect(other === undefined || other === p.slug, `${phrase}: ${other} and ${p.slug}`).toBe(
          true,
        );
        owner.set(phrase, p.slug);
      }
  });
});
