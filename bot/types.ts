/**
 * The contracts of the scam-check engine: the knowledge it learns from content, and the verdict
 * it gives. The island, the API, the CLI and the tip-off triage all read these same shapes.
 */
import type { ExposureKind } from '../site/lib/taxonomy.ts';

/** Risk levels. Never "safe": the lowest level still says what to watch for. */
export const LEVELS = ['高风险', '可疑', '未发现明显诈骗特征'] as const;
export type Level = (typeof LEVELS)[number];

/** A half-open [start, end) span of UTF-16 code units in the ORIGINAL text. */
export type Span = [number, number];

/** One red flag of an explainer: what to show, which phrases find it, and why it matters. */
export interface RedFlag {
  /** Stable id, unique across explainers; matchers in bot/matchers.ts are keyed by it. */
  id: string;
  label: string;
  phrases: string[];
  reason: string;
}

/** What the engine knows about one fraud pattern, from its explainer in content/patterns/. */
export interface PatternKnowledge {
  slug: string;
  title: string;
  summary: string;
  aliases: string[];
  /** Red flags; `id` names the flag for the engine's matchers (bot/matchers.ts). */
  redFlags: RedFlag[];
  dos: string[];
  donts: string[];
}

/** One blocklist entry, from an exposure notice (build time) or an approved tip-off (run time). */
export interface BlocklistEntry {
  kind: ExposureKind;
  /**
   * Match key from `entityKey(kind, value)`. A personal entry (matched only on the server) carries
   * an opaque id here instead, never its value or a hash of it.
   */
  key: string;
  /** The value as it may be shown (masked where personal). */
  display: string;
  /** Slug of the pattern it was used in. */
  pattern?: string;
  /** Where it is confirmed: the notice or the approved exposure entry. */
  source: { title: string; date: string; href?: string };
  /** What it was used for, in a plain sentence (from the notice). */
  note?: string;
  /** From a sample notice (demo data): shown as 示例 wherever it appears, never as a real report. */
  sample?: true;
}

/**
 * Server only: finds the personal entries (never in the public knowledge) whose `entityKey` is
 * `key`. The server's matcher compares keyed HMACs and spends a look-up budget.
 */
export type PersonalMatcher = (kind: ExposureKind, key: string) => BlocklistEntry[];

/** A phone line the advice may point to (from content/site.json `hotlines`). */
export interface Hotline {
  number: string;
  name: string;
  when?: string;
  emergency?: boolean;
}

/** Everything the engine needs besides the text; serialized to dist/bot-knowledge.json. */
export interface Knowledge {
  version: string;
  patterns: PatternKnowledge[];
  blocklist: BlocklistEntry[];
  /** Hotlines for the advice; when absent the engine names the national lines 110 and 96110. */
  hotlines?: Hotline[];
}

export interface Signal {
  /** Stable id: an explainer red flag's id (e.g. `safe-account`), a built-in tactic's, or `combo:…`. */
  id: string;
  /** Short label shown to the user. */
  label: string;
  /** Why it is a red flag, in plain words. */
  reason: string;
  weight: number;
  spans: Span[];
  /** Slug of the fraud pattern this red flag is typical of, when it points to one. */
  pattern?: string;
}

export interface Entities {
  phones: { value: string; kind: 'mobile' | 'landline' | 'service' | 'overseas'; span: Span }[];
  urls: { value: string; host: string; short: boolean; span: Span }[];
  bankCards: { value: string; span: Span }[];
  accounts: { kind: 'qq' | 'wechat'; value: string; span: Span }[];
  amounts: { value: number; text: string; span: Span }[];
  apps: { name: string; category: 'remote-control' | 'meeting' | 'chat' | 'other'; span: Span }[];
  verificationCodeRequests: { span: Span }[];
  /** Resident ID numbers (GB 11643 check digit valid); kept apart from bank cards. */
  idCards?: { value: string; span: Span }[];
}

/** The engine's answer. */
export interface Verdict {
  level: Level;
  score: number;
  pattern?: { slug: string; title: string };
  signals: Signal[];
  entities: Entities;
  advice: string[];
  source: 'engine' | 'engine+llm';
  /** Blocklist entries found in the text. */
  listed?: BlocklistEntry[];
  /** Set when an LLM was configured but failed: the answer is the offline one. */
  fallback?: boolean;
}
