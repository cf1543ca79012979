/**
 * Chinese-aware tokenization for lunr. Plain lunr drops Chinese entirely (its trimmer strips
 * non-\w characters) and word segmentation alone misses names and 3-4 character terms the
 * segmenter splits differently in the query and in the page. So every run of Chinese characters
 * is indexed as overlapping character bigrams — a query matches when all its bigrams are present,
 * which finds every 2-4 character term — plus Intl.Segmenter words, which rank whole-word hits up.
 */

const HAN = /\p{Script=Han}/u;
// A run is Chinese characters, or letters and digits that are not Chinese: "拨打96110咨询" is three
// runs, so the number is indexed whole and not cut into bigrams with the words around it.
const RUN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

const segmenter =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl
    ? new Intl.Segmenter('zh-CN', { granularity: 'word' })
    : undefined;

/** The runs of a text: Chinese runs, and runs of other letters and digits (lower-cased). */
export function runs(text: string): string[] {
  return [...text.toLowerCase().matchAll(RUN)].map((m) => m[0]);
}

/** Character bigrams of a run of Chinese characters ("安全账户" → 安全, 全账, 账户). */
export function bigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** Segmenter words of two or more characters, prefixed so they never collide with bigrams. */
export function words(text: string): string[] {
  if (!segmenter) return [];
  const out: string[] = [];
  for (const s of segmenter.segment(text)) {
    if (s.isWordLike && HAN.test(s.segment) && Array.from(s.segment).length >= 2)
      out.push(`w:${s.segment}`);
  }
  return out;
}

/** Tokens a document is indexed under: Latin/number words, Chinese bigrams and words. */
export function indexTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(RUN)) {
    const run = m[0];
    if (HAN.test(run)) {
      out.push(...bigrams(run));
      out.push(...words(run));
    } else {
      out.push(run);
    }
  }
  return out;
}

/** What a query must contain (all of it) and what ranks a result higher. */
export interface QueryTerms {
  required: string[];
  /** Single Chinese characters: matched as the start of a bigram. */
  prefixes: string[];
  boost: string[];
}

export function queryTerms(query: string): QueryTerms {
  const required: string[] = [];
  const prefixes: string[] = [];
  const boost: string[] = [];
  for (const m of query.toLowerCase().matchAll(RUN)) {
    const run = m[0];
    if (!HAN.test(run)) {
      required.push(run);
    } else if (Array.from(run).length === 1) {
      prefixes.push(run);
    } else {
      required.push(...bigrams(run));
      boost.push(`w:${run}`, ...words(run));
    }
  }
  return {
    required: [...new Set(required)],
    prefixes: [...new Set(prefixes)],
    boost: [...new Set(boost)],
  };
}
