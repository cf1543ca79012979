/**
 * Builds the engine's knowledge from content (explainers and exposure notices) and merges
 * approved tip-offs into it at run time. Pure: the file reading lives in content-loader.ts.
 */
import type { ExposureKind } from '../site/lib/taxonomy.ts';
import { siteConfig } from '../site/lib/site-config.ts';
import { maskExposureValue } from './mask.ts';
import { entityKey, isPersonalKind } from './entity-key.ts';
import { unboundMatcherIds } from './matchers.ts';
import type { BlocklistEntry, Hotline, Knowledge, PatternKnowledge } from './types.ts';

/** A red flag as written in content: the id may be left out when no matcher needs it. */
export interface RedFlagInput {
  id?: string | undefined;
  label: string;
  phrases: string[];
  reason: string;
}

/** An explainer as written in content (red-flag ids optional). */
export type PatternInput = Omit<PatternKnowledge, 'redFlags'> & { redFlags: RedFlagInput[] };

/** Red flags with their ids; a flag without one is `<slug>-<n>` (n from 1). */
export function withRedFlagIds(patterns: PatternInput[]): PatternKnowledge[] {
  return patterns.map((p) => ({
    ...p,
    redFlags: p.redFlags.map((rf, i) => ({
      id: rf.id || `${p.slug}-${i + 1}`,
      label: rf.label,
      phrases: [...rf.phrases],
      reason: rf.reason,
    })),
  }));
}

/**
 * What is wrong with the explainers' red-flag ids, in Chinese, for the build to fail on: an id
 * used twice, or a matcher in bot/matchers.ts whose id no explainer has.
 */
export function redFlagIdProblems(patterns: PatternKnowledge[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const p of patterns) {
    for (const rf of p.redFlags) {
      const other = seen.get(rf.id);
      if (other) problems.push(`红旗 id「${rf.id}」重复：${other} 和 ${p.slug}`);
      seen.set(rf.id, p.slug);
    }
  }
  for (const id of unboundMatcherIds(patterns)) {
    problems.push(
      `bot/matchers.ts 里的匹配规则「${id}」在 content/patterns 的任何 redFlags 里都没有同 id 的红旗`,
    );
  }
  return problems;
}

/** One entry of an exposure notice, as written in content/notices/*.yaml, with its notice. */
export interface NoticeEntryInput {
  kind: ExposureKind;
  /** The value unmasked; it is keyed and masked here, never kept in clear. */
  value: string;
  pattern?: string;
  note: string;
  source: { title: string; date: string; href?: string };
  /** The notice is sample data (demo deployment); the entry is labelled 示例 where shown. */
  sample?: boolean;
}

/** Input of `buildKnowledge`. */
export interface KnowledgeInput {
  patterns: PatternInput[];
  entries: NoticeEntryInput[];
  version: string;
  /** Defaults to the city's hotlines in content/site.json. */
  hotlines?: Hotline[];
}

function toBlocklistEntry(entry: NoticeEntryInput): BlocklistEntry | undefined {
  const key = entityKey(entry.kind, entry.value);
  if (key.length < 2) return undefined;
  const out: BlocklistEntry = {
    kind: entry.kind,
    key,
    display: maskExposureValue(entry.kind, entry.value),
    source: { ...entry.source },
    note: entry.note,
  };
  if (entry.pattern) out.pattern = entry.pattern;
  if (entry.sample) out.sample = true;
  return out;
}

/**
 * Knowledge from explainers and notice entries: match keys via entityKey, displays masked. This is
 * the public file (dist/bot-knowledge.json), so personal entries (names, people's phones, ID and
 * bank card numbers) are left out, not even hashed: a hash of a number with few unknown digits is
 * reversed by trying them all. The server matches those with a keyed HMAC instead.
 */
export function buildKnowledge(input: KnowledgeInput): Knowledge {
  const blocklist: BlocklistEntry[] = [];
  for (const e of input.entries) {
    if (isPersonalKind(e.kind)) continue;
    const entry = toBlocklistEntry(e);
    if (entry) blocklist.push(entry);
  }
  const knowledge: Knowledge = {
    version: input.version,
    patterns: withRedFlagIds(input.patterns),
    blocklist: dedupe(blocklist),
  };
  knowledge.hotlines = (input.hotlines ?? siteConfig.hotlines).map((h) => ({ ...h }));
  return knowledge;
}

function dedupe(entries: BlocklistEntry[]): BlocklistEntry[] {
  const seen = new Set<string>();
  const out: BlocklistEntry[] = [];
  for (const e of entries) {
    const id = `${e.kind}\u0000${e.key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(e);
  }
  return out;
}

/**
 * Adds approved tip-offs (already keyed and masked) to a knowledge object, without changing the
 * original; an entry already listed by a notice keeps the notice as its source.
 */
export function mergeBlocklist(knowledge: Knowledge, extra: BlocklistEntry[]): Knowledge {
  return { ...knowledge, blocklist: dedupe([...knowledge.blocklist, ...extra]) };
}
