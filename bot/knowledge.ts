/**
 * Builds the engine's knowledge from content (explainers and exposure notices) and merges
 * approved tip-offs into it at run time. Pure: the file reading lives in content-loader.ts.
 */
import type { ExposureKind } from '../site/lib/taxonomy.ts';
import { siteConfig } from '../site/lib/site-config.ts';
import { maskExposureValue } from './mask.ts';
import { entityKey, isPersonalKind } from './entity-key.ts';
import type { BlocklistEntry, Hotline, Knowledge, PatternKnowledge } from './types.ts';

/** One entry of an exposure notice, as written in content/notices/*.yaml, with its notice. */
export interface NoticeEntryInput {
  kind: ExposureKind;
  /** The value unmasked; it is keyed and masked here, never kept in clear. */
  value: string;
  pattern?: string;
  note: string;
  source: { title: string; date: string; href?: string };
}

/** Input of `buildKnowledge`. */
export interface KnowledgeInput {
  patterns: PatternKnowledge[];
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
    patterns: input.patterns.map((p) => ({ ...p })),
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
