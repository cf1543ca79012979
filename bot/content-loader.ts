/**
 * Node-only: reads the explainers (content/patterns/*.mdx frontmatter) and exposure notices
 * (content/notices/*.yaml) straight from disk, for the CLI, training, the server and tests, so
 * they need no Astro build. The build itself makes the same knowledge in site/pages/bot-knowledge.json.ts.
 * Likewise the chat-bot's answer passages (explainers, pages, 常见问题), as site/pages/answer-index.json.ts.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { EXPOSURE_KIND_KEYS, type ExposureKind } from '../site/lib/taxonomy.ts';
import {
  buildKnowledge,
  redFlagIdProblems,
  withRedFlagIds,
  type NoticeEntryInput,
  type PatternInput,
} from './knowledge.ts';
import {
  buildAnswerIndex,
  type AnswerContent,
  type AnswerIndex,
  type FaqGroupForAnswers,
} from './answers/passages.ts';
import type { Hotline, Knowledge } from './types.ts';

/** A content file that does not have the fields the engine needs; the message names file and field. */
export class ContentError extends Error {
  override name = 'ContentError';
}

/** An explainer as the engine and the trainer read it: its knowledge plus its sample scripts. */
export type PatternContent = PatternInput & { scripts: string[] };

function asRecord(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ContentError(`${where}：应为对象`);
  return v as Record<string, unknown>;
}

function asString(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new ContentError(`${where}：应为非空文字`);
  return v;
}

function asStrings(v: unknown, where: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ContentError(`${where}：应为文字列表`);
  return v.map((x, i) => asString(x, `${where}[${i}]`));
}

function isoDate(v: unknown, where: string): string {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) return v.slice(0, 10);
  throw new ContentError(`${where}：应为日期 YYYY-MM-DD`);
}

const FRONTMATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\s*(?:\r?\n|$)/;

/** The YAML between the first two `---` lines of an MDX file. */
function frontmatterOf(source: string, file: string): unknown {
  const m = FRONTMATTER.exec(source);
  if (!m) throw new ContentError(`${file}：缺少以 --- 包围的 frontmatter`);
  return YAML.parse(m[1] as string);
}

/** The MDX body after the frontmatter. */
function bodyOf(source: string): string {
  return source.replace(FRONTMATTER, '');
}

function listFiles(dir: string, extensions: string[]): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => extensions.some((ext) => f.endsWith(ext)))
    .sort();
}

/** Reads every explainer in `<rootDir>/content/patterns/` (knowledge plus sample scripts). */
export function loadPatternContent(rootDir: string): PatternContent[] {
  const dir = join(rootDir, 'content', 'patterns');
  return listFiles(dir, ['.mdx', '.md']).map((file) => {
    const where = `content/patterns/${file}`;
    const fm = asRecord(frontmatterOf(readFileSync(join(dir, file), 'utf8'), where), where);
    const redFlagsRaw = fm['redFlags'];
    if (!Array.isArray(redFlagsRaw)) throw new ContentError(`${where} → redFlags：应为列表`);
    return {
      slug: asString(fm['slug'] ?? file.replace(/\.mdx?$/, ''), `${where} → slug`),
      title: asString(fm['title'], `${where} → title`),
      summary: asString(fm['summary'], `${where} → summary`),
      aliases: asStrings(fm['aliases'], `${where} → aliases`),
      redFlags: redFlagsRaw.map((r, i) => {
        const rf = asRecord(r, `${where} → redFlags[${i}]`);
        const id = rf['id'];
        if (id !== undefined && (typeof id !== 'string' || !/^[a-z0-9-]+$/.test(id)))
          throw new ContentError(`${where} → redFlags[${i}].id：只能用小写字母、数字和短横线`);
        return {
          ...(typeof id === 'string' ? { id } : {}),
          label: asString(rf['label'], `${where} → redFlags[${i}].label`),
          phrases: asStrings(rf['phrases'], `${where} → redFlags[${i}].phrases`),
          reason: asString(rf['reason'], `${where} → redFlags[${i}].reason`),
        };
      }),
      dos: asStrings(fm['dos'], `${where} → dos`),
      donts: asStrings(fm['donts'], `${where} → donts`),
      scripts: asStrings(fm['scripts'], `${where} → scripts`),
    };
  });
}

/** Reads every entry of every notice in `<rootDir>/content/notices/`, with its notice as source. */
export function loadNoticeEntries(rootDir: string): NoticeEntryInput[] {
  const dir = join(rootDir, 'content', 'notices');
  const out: NoticeEntryInput[] = [];
  for (const file of listFiles(dir, ['.yaml', '.yml'])) {
    const where = `content/notices/${file}`;
    const doc = asRecord(YAML.parse(readFileSync(join(dir, file), 'utf8')), where);
    const id = file.replace(/\.ya?ml$/, '');
    const source = {
      title: asString(doc['title'], `${where} → title`),
      date: isoDate(doc['date'], `${where} → date`),
      href: `/exposure/${id}/`,
    };
    const sample = doc['sample'] === true;
    const entries = doc['entries'];
    if (!Array.isArray(entries)) throw new ContentError(`${where} → entries：应为列表`);
    entries.forEach((raw, i) => {
      const e = asRecord(raw, `${where} → entries[${i}]`);
      const kind = asString(e['kind'], `${where} → entries[${i}].kind`);
      if (!(EXPOSURE_KIND_KEYS as readonly string[]).includes(kind)) {
        throw new ContentError(
          `${where} → entries[${i}].kind：应为 ${EXPOSURE_KIND_KEYS.join('、')} 之一`,
        );
      }
      const entry: NoticeEntryInput = {
        kind: kind as ExposureKind,
        value: asString(String(e['value'] ?? ''), `${where} → entries[${i}].value`),
        note: asString(e['note'], `${where} → entries[${i}].note`),
        source,
      };
      if (typeof e['pattern'] === 'string') entry.pattern = e['pattern'];
      if (sample) entry.sample = true;
      out.push(entry);
    });
  }
  return out;
}

/** Hotlines from `<rootDir>/content/site.json`, if present and well-formed. */
function loadHotlines(rootDir: string): Hotline[] | undefined {
  const file = join(rootDir, 'content', 'site.json');
  if (!existsSync(file)) return undefined;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { hotlines?: unknown };
  if (!Array.isArray(raw.hotlines)) return undefined;
  return raw.hotlines.flatMap((h): Hotline[] => {
    if (typeof h !== 'object' || h === null) return [];
    const r = h as Record<string, unknown>;
    if (typeof r['number'] !== 'string' || typeof r['name'] !== 'string') return [];
    const line: Hotline = { number: r['number'], name: r['name'] };
    if (typeof r['when'] === 'string') line.when = r['when'];
    if (typeof r['emergency'] === 'boolean') line.emergency = r['emergency'];
    return [line];
  });
}

/**
 * The engine's knowledge built from `<rootDir>/content/`: explainers, exposure notices and the
 * city's hotlines. Synchronous, so tests and the server can call it at start-up.
 */
export function loadKnowledgeFromContent(rootDir: string): Knowledge {
  const patterns = loadPatternContent(rootDir).map(({ scripts: _scripts, ...p }) => p);
  const problems = redFlagIdProblems(withRedFlagIds(patterns));
  if (problems.length > 0) throw new ContentError(problems.join('；'));
  const entries = loadNoticeEntries(rootDir);
  const newest = entries
    .map((e) => e.source.date)
    .sort()
    .at(-1);
  const hotlines = loadHotlines(rootDir);
  return buildKnowledge({
    patterns,
    entries,
    version: newest ?? 'none',
    ...(hotlines ? { hotlines } : {}),
  });
}

/** An MDX file's frontmatter (checked to be an object) and body. */
function readMdx(dir: string, file: string, where: string) {
  const source = readFileSync(join(dir, file), 'utf8');
  return { fm: asRecord(frontmatterOf(source, where), where), body: bodyOf(source) };
}

/** Everything the chat-bot answers from, read from `<rootDir>/content/`. */
export function loadAnswerContent(rootDir: string): AnswerContent {
  const patternDir = join(rootDir, 'content', 'patterns');
  const knowledge = new Map(loadPatternContent(rootDir).map((p) => [p.slug, p]));
  const patterns = listFiles(patternDir, ['.mdx', '.md']).map((file) => {
    const where = `content/patterns/${file}`;
    const { fm, body } = readMdx(patternDir, file, where);
    const slug = asString(fm['slug'] ?? file.replace(/\.mdx?$/, ''), `${where} → slug`);
    const p = knowledge.get(slug);
    if (!p) throw new ContentError(`${where}：读不到这个讲解`);
    return { ...p, steps: asStrings(fm['steps'], `${where} → steps`), body };
  });
  const pageDir = join(rootDir, 'content', 'pages');
  const pages = listFiles(pageDir, ['.mdx', '.md']).map((file) => {
    const where = `content/pages/${file}`;
    const { fm, body } = readMdx(pageDir, file, where);
    return {
      id: file.replace(/\.mdx?$/, ''),
      title: asString(fm['title'], `${where} → title`),
      description: asString(fm['description'], `${where} → description`),
      body,
    };
  });
  const faqDir = join(rootDir, 'content', 'faq');
  const faq = listFiles(faqDir, ['.yaml', '.yml'])
    .map((file) => {
      const where = `content/faq/${file}`;
      const doc = asRecord(YAML.parse(readFileSync(join(faqDir, file), 'utf8')), where);
      const entries = doc['entries'];
      if (!Array.isArray(entries)) throw new ContentError(`${where} → entries：应为列表`);
      const group: FaqGroupForAnswers & { order: number } = {
        title: asString(doc['title'], `${where} → title`),
        order: typeof doc['order'] === 'number' ? doc['order'] : 100,
        entries: entries.map((raw, i) => {
          const e = asRecord(raw, `${where} → entries[${i}]`);
          const at = `${where} → entries[${i}]`;
          return {
            id: asString(e['id'], `${at}.id`),
            q: asString(e['q'], `${at}.q`),
            also: asStrings(e['also'], `${at}.also`),
            a: asString(e['a'], `${at}.a`),
            page: typeof e['page'] === 'string' ? e['page'] : undefined,
            pattern: typeof e['pattern'] === 'string' ? e['pattern'] : undefined,
          };
        }),
      };
      return group;
    })
    .sort((a, b) => a.order - b.order);
  return { patterns, pages, faq };
}

/** The chat-bot's answer passages built from `<rootDir>/content/`. */
export function loadAnswerIndexFromContent(rootDir: string): AnswerIndex {
  return buildAnswerIndex(loadAnswerContent(rootDir), 'content');
}
