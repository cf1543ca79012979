/**
 * The Chinese search core: builds a lunr index with the bigram tokenizer, serializes it, and
 * answers queries. The site search (explainers, alerts, notices, pages) and the chat-bot's answer
 * passages both use it, so it lives in bot/, which the site may import and not the reverse.
 */
import lunr from 'lunr';
import { indexTokens, queryTerms } from './tokenize.ts';

export type DocType = '诈骗类型' | '预警' | '曝光' | '页面';

/** One searchable document. */
export interface SearchDoc {
  id: string;
  title: string;
  text: string;
  /** Other names and the summary: weighted between title and body. */
  keywords?: string;
  url?: string;
  type?: DocType;
}

/** What the search page needs to show a result without the full text. */
export interface StoredDoc {
  id: string;
  title: string;
  url: string;
  type: DocType | '';
  /** The text used for snippets (trimmed). */
  text: string;
}

export interface SerializedSearch {
  index: object;
  docs: StoredDoc[];
}

const SNIPPET_SOURCE_MAX = 3000;

// lunr's default pipeline trims and stems English words and would delete Chinese tokens; ours
// tokenizes already, so the pipelines stay empty.
function tokenizer(obj: unknown, metadata?: object): lunr.Token[] {
  if (obj == null) return [];
  const text = Array.isArray(obj) ? obj.join(' ') : String(obj);
  return indexTokens(text).map((t) => new lunr.Token(t, { ...(metadata ?? {}) }));
}

/** Builds the index over `docs`. */
export function buildIndex(docs: SearchDoc[]): lunr.Index {
  return lunr(function () {
    this.pipeline.reset();
    this.searchPipeline.reset();
    (this as unknown as { tokenizer: typeof tokenizer }).tokenizer = tokenizer;
    this.ref('id');
    this.field('title', { boost: 10 });
    this.field('keywords', { boost: 3 });
    this.field('text');
    for (const d of docs)
      this.add({ id: d.id, title: d.title, keywords: d.keywords ?? '', text: d.text });
  });
}

/** Index plus the stored fields the results page shows, as JSON for the browser. */
export function serializeSearch(docs: SearchDoc[]): SerializedSearch {
  return {
    index: buildIndex(docs).toJSON(),
    docs: docs.map((d) => ({
      id: d.id,
      title: d.title,
      url: d.url ?? '',
      type: d.type ?? '',
      text: d.text.slice(0, SNIPPET_SOURCE_MAX),
    })),
  };
}

export function loadIndex(serialized: object): lunr.Index {
  return lunr.Index.load(serialized);
}

/** Ids of the documents matching `query`, best first. */
export function search(index: lunr.Index, query: string): string[] {
  const { required, prefixes, boost } = queryTerms(query);
  if (required.length === 0 && prefixes.length === 0) return [];
  const results = index.query((q) => {
    for (const term of required) {
      q.term(term, { presence: lunr.Query.presence.REQUIRED, usePipeline: false });
    }
    for (const p of prefixes) {
      q.term(p, {
        presence: lunr.Query.presence.REQUIRED,
        usePipeline: false,
        wildcard: lunr.Query.wildcard.TRAILING,
      });
    }
    for (const term of boost) q.term(term, { boost: 5, usePipeline: false });
  });
  return results.map((r) => r.ref);
}

/** One ranked match of a free-text question. */
export interface RankedMatch {
  ref: string;
  score: number;
  /** The question's terms found in this document (bigrams and `w:` words). */
  matched: Set<string>;
}

/**
 * Ranks documents for a free-text question, where no single term is required: a person's question
 * shares some words with the passage that answers it, never all. `boost` terms (whole words) rank
 * a document higher.
 */
export function rankAny(
  index: lunr.Index,
  terms: {
    optional: readonly string[];
    boost?: readonly string[];
    /** Terms that only break ties between documents the others found (the question's wording). */
    hint?: readonly string[];
    /** Single Chinese characters ("装", "卖"): found inside any bigram, at a low weight. */
    chars?: readonly string[];
  },
): RankedMatch[] {
  if (terms.optional.length === 0 && (terms.chars ?? []).length === 0) return [];
  const results = index.query((q) => {
    for (const term of terms.optional) q.term(term, { usePipeline: false });
    for (const term of terms.boost ?? []) q.term(term, { boost: 3, usePipeline: false });
    for (const term of terms.hint ?? []) q.term(term, { boost: 0.3, usePipeline: false });
    for (const c of terms.chars ?? []) {
      q.term(c, {
        boost: 0.5,
        usePipeline: false,
        wildcard: lunr.Query.wildcard.LEADING | lunr.Query.wildcard.TRAILING,
      });
    }
  });
  return results.map((r) => ({
    ref: r.ref,
    score: r.score,
    matched: new Set(Object.keys(r.matchData.metadata)),
  }));
}

/** A short excerpt around the first occurrence of the query, split for highlighting. */
export function snippet(
  text: string,
  query: string,
  radius = 40,
): { before: string; match: string; after: string } | null {
  const q = query.trim();
  let at = q ? text.indexOf(q) : -1;
  let len = q.length;
  if (at < 0) {
    // Fall back to the first two characters: a query may span a line break or punctuation.
    const head = Array.from(q).slice(0, 2).join('');
    at = head ? text.indexOf(head) : -1;
    len = head.length;
  }
  if (at < 0) return null;
  const start = Math.max(0, at - radius);
  const end = Math.min(text.length, at + len + radius);
  return {
    before: (start > 0 ? '…' : '') + text.slice(start, at),
    match: text.slice(at, at + len),
    after: text.slice(at + len, end) + (end < text.length ? '…' : ''),
  };
}
