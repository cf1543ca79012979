/**
 * The 常见问题 collection and the project's question set, read from the files: enough questions,
 * each answered in at most five lines with a source and a page that exists; the question set's
 * wanted pages exist too, and every question says where it was asked.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { parseQuestionLines } from '../../bot/answers/evaluate.ts';

const root = process.cwd();
const dir = (name: string) => join(root, 'content', name);
const ids = (name: string, ext: RegExp) =>
  readdirSync(dir(name))
    .filter((f) => ext.test(f))
    .map((f) => f.replace(ext, ''));

interface Entry {
  id: string;
  q: string;
  a: string;
  page?: string;
  pattern?: string;
  sources: { title: string; publisher: string; url?: string }[];
}
const groups = readdirSync(dir('faq'))
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => parse(readFileSync(join(dir('faq'), f), 'utf8')) as { entries: Entry[] });
const entries = groups.flatMap((g) => g.entries);

test('常见问题 answers at least 60 questions, each id once', () => {
  expect(entries.length).toBeGreaterThanOrEqual(60);
  const seen = entries.map((e) => e.id);
  expect(seen.filter((id, i) => seen.indexOf(id) !== i)).toEqual([]);
});

test('every answer is at most 5 lines, cites a source and sends the reader to a page that exists', () => {
  const pages = new Set(ids('pages', /\.mdx$/));
  const patterns = new Set(ids('patterns', /\.mdx$/));
  for (const e of entries) {
    expect(e.a.split('\n').filter((l) => l.trim()).length, e.id).toBeLessThanOrEqual(5);
    expect(e.sources.length, e.id).toBeGreaterThan(0);
    for (const s of e.sources) {
      expect(s.title && s.publisher, e.id).toBeTruthy();
      if (s.url) expect(s.url, e.id).toMatch(/^https?:\/\//);
    }
    if (e.page) expect(pages.has(e.page), `${e.id} → page ${e.page}`).toBe(true);
    if (e.pattern) expect(patterns.has(e.pattern), `${e.id} → pattern ${e.pattern}`).toBe(true);
  }
});

test('the entry the bot adds to vouching questions is there', () => {
  expect(entries.some((e) => e.id === 'check-for-yourself')).toBe(true);
});

test('the question set has at least 150 questions from public sources, wanting pages that exist', () => {
  const file = join(root, 'bot', 'data', 'questions.jsonl');
  const text = readFileSync(file, 'utf8');
  const questions = parseQuestionLines(text, file);
  expect(questions.length).toBeGreaterThanOrEqual(150);
  const known = new Set([...ids('pages', /\.mdx$/), ...ids('patterns', /\.mdx$/), 'faq']);
  for (const q of questions)
    for (const w of q.want) expect(known.has(w), `${q.q} → ${w}`).toBe(true);
  for (const line of text.split('\n').filter((l) => l.trim())) {
    const { source } = JSON.parse(line) as { source?: string };
    expect(source, line).toMatch(/^https?:\/\//);
  }
  expect(existsSync(join(root, 'bot', 'data', 'SOURCES.md'))).toBe(true);
});
