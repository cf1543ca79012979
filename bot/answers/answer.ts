/**
 * Finds the passage that answers a question and composes a short answer from it (at most five
 * lines), with the link to its page and a call button where a call is the answer. Uses the same
 * Chinese bigram index as the site search (bot/search/indexer.ts), built over the passages.
 */
import type lunr from 'lunr';
import { buildIndex, rankAny } from '../search/indexer.ts';
import type { AnswerIndex, AnswerLink, Passage } from './passages.ts';
import { canonical, topicCoverage, type QuestionShape } from './question.ts';

/** Most lines in an answer: more than this on a phone screen is a page, not an answer. */
export const MAX_ANSWER_LINES = 5;

/**
 * The 常见问题 entry that says how to check for yourself whether a caller is genuine; a question
 * that asks the bot to vouch for someone ends with it.
 */
export const VERIFY_ENTRY = 'faq:check-for-yourself';

/**
 * A passage answers only if it shares enough of the question's topic: below this share of the
 * question's bigrams, the bot says it cannot answer rather than guess (measured on the project's
 * own question set: see `npm run bench`).
 */
export const MIN_COVERAGE = 0.34;

/** The passages and their index, ready to answer. */
export interface PreparedAnswers {
  index: lunr.Index;
  byId: Map<string, Passage>;
  version: string;
}

/** A passage found for a question. */
export interface Found {
  passage: Passage;
  score: number;
  /** Share of the question's topic found in the passage (see topicCoverage). */
  coverage: number;
  /** The question's terms the passage holds. */
  matched: ReadonlySet<string>;
}

/** Builds the index over the passages (about a second's fraction even on a slow phone). */
export function prepareAnswers(answers: AnswerIndex): PreparedAnswers {
  const index = buildIndex(
    answers.passages.map((p) => ({
      id: p.id,
      title: canonical(p.heading),
      keywords: canonical([p.pageTitle, p.keywords ?? ''].join('\n')),
      text: canonical(p.lines.join('\n')),
    })),
  );
  return { index, byId: new Map(answers.passages.map((p) => [p.id, p])), version: answers.version };
}

const prepared = new WeakMap<AnswerIndex, PreparedAnswers>();

/** The index of these passages, built once per object (the server keeps one for its lifetime). */
export function preparedAnswers(answers: AnswerIndex): PreparedAnswers {
  let p = prepared.get(answers);
  if (!p) {
    p = prepareAnswers(answers);
    prepared.set(answers, p);
  }
  return p;
}

/** How many of the index's best matches are re-ranked by how much of the question they cover. */
const RERANK = 30;

/**
 * Passages for a question, best first: lunr's score (BM25 over the bigrams, headings weighted)
 * times the square of the share of the question's topic the passage covers, so a passage that
 * answers all of a question beats one that repeats one of its words many times.
 */
export function findPassages(
  prepared: PreparedAnswers,
  shape: QuestionShape,
  filter: (p: Passage) => boolean = () => true,
): Found[] {
  if (shape.terms.length === 0 && shape.chars.length === 0) return [];
  const out: Found[] = [];
  for (const m of rankAny(prepared.index, {
    optional: shape.terms,
    boost: shape.words.map((w) => `w:${w}`),
    hint: shape.wording,
    chars: shape.chars,
  })) {
    const passage = prepared.byId.get(m.ref);
    if (!passage || !filter(passage)) continue;
    out.push({
      passage,
      score: m.score,
      coverage: topicCoverage(shape, m.matched),
      matched: m.matched,
    });
    if (out.length >= RERANK) break;
  }
  // Coverage counts twice: a heading that repeats one word of the question must not outrank the
  // passage that holds all of it.
  const rank = (f: Found) => f.score * f.coverage * f.coverage;
  return out.sort((a, b) => rank(b) - rank(a));
}

/**
 * The passage that answers the question, or undefined when nothing covers enough of it. When the
 * question asks for one part of a topic ("怎么办", "怎么识别") and the best match is another part of
 * the same explainer, that part answers.
 */
export function bestPassage(prepared: PreparedAnswers, shape: QuestionShape): Found | undefined {
  // A lone character is too weak to answer on: some word of the question must match.
  const found = findPassages(prepared, shape).filter((f) =>
    shape.terms.some((t) => f.matched.has(t)),
  );
  let top = found[0];
  if (!top || top.coverage < MIN_COVERAGE) {
    // No single passage covers enough, but one explainer may across its parts ("医保信息" and
    // "正常" in different sections): answer from its part the question asks for.
    const pattern = rankPatterns(prepared, shape, found)[0];
    const part =
      pattern && pattern.coverage >= MIN_COVERAGE
        ? prepared.byId.get(`pattern:${pattern.pattern}:${shape.facet ?? 'what'}`)
        : undefined;
    if (!part || !pattern) return undefined;
    top = { passage: part, score: pattern.score, coverage: pattern.coverage, matched: new Set() };
  }
  const { passage } = top;
  if (shape.facet && passage.pattern && passage.facet !== 'faq' && passage.facet !== shape.facet) {
    const part = prepared.byId.get(`pattern:${passage.pattern}:${shape.facet}`);
    if (part) return { ...top, passage: part };
  }
  return top;
}

/**
 * The explainers a described situation is most like: each explainer's best few passages (its
 * parts and the 常见问题 entries about it) scored together, so a scam matched across how it works,
 * its red flags and what to do beats one that shares a single word.
 */
export function rankPatterns(
  prepared: PreparedAnswers,
  shape: QuestionShape,
  found: readonly Found[] = findPassages(prepared, shape),
): { pattern: string; score: number; coverage: number }[] {
  const by = new Map<string, Found[]>();
  for (const f of found) {
    if (!f.passage.pattern) continue;
    const list = by.get(f.passage.pattern!) ?? [];
    list.push(f);
    by.set(f.passage.pattern!, list);
  }
  return [...by]
    .map(([pattern, list]) => {
      const best = list.slice(0, 3);
      return {
        pattern,
        score: best.reduce((n, f) => n + f.score * f.coverage * f.coverage, 0),
        // What the explainer covers of the question across its best parts together.
        coverage: topicCoverage(shape, new Set(best.flatMap((f) => [...f.matched]))),
      };
    })
    .sort((a, b) => b.score - a.score);
}

/** The part of a topic a follow-up asks for ("那我该怎么办" → what to do about it). */
export function passageForTopic(
  prepared: PreparedAnswers,
  topic: { page: string; pattern?: string | undefined },
  facet: QuestionShape['facet'],
): Passage | undefined {
  if (topic.pattern) {
    return prepared.byId.get(`pattern:${topic.pattern}:${facet ?? 'todo'}`);
  }
  const ofPage = [...prepared.byId.values()].filter(
    (p) => p.page === topic.page && p.facet !== 'faq',
  );
  return ofPage.find((p) => p.facet === (facet ?? 'todo')) ?? ofPage[0];
}

const LEAD: Partial<Record<Passage['facet'], (title: string) => string>> = {
  signs: (t) => `「${t}」常见的迹象：`,
  how: (t) => `「${t}」通常是这样骗人的：`,
  todo: (t) => `遇到「${t}」，请这样做：`,
};

/** Lines that only say "call X": the call button under the answer says it better. */
const CALL_ONLY = /^\**拨打\s*\d+[。！]?\**$/;

/**
 * Picks up to `room` lines of a passage: the ones sharing most words with the question, in the
 * passage's own order, so a long section answers with its relevant sentences.
 */
function pickLines(passage: Passage, shape: QuestionShape, room: number): string[] {
  const lines = passage.lines.filter((l) => !CALL_ONLY.test(l));
  if (lines.length <= room) return lines;
  if (passage.facet !== 'info') return lines.slice(0, room);
  const hits = lines.map((l, i) => ({ i, n: shape.terms.filter((t) => l.includes(t)).length }));
  const keep = new Set(
    [...hits]
      .sort((a, b) => b.n - a.n || a.i - b.i)
      .slice(0, room)
      .map((h) => h.i),
  );
  return lines.filter((_, i) => keep.has(i));
}

/** The page link of a passage: where the reader goes on from the answer. */
export function pageLink(passage: Passage): AnswerLink {
  if (passage.see) return passage.see;
  return { href: passage.url, label: `看看：${passage.pageTitle}` };
}

/** An answer composed from a passage: at most MAX_ANSWER_LINES lines, its page link first. */
export function composeAnswer(
  passage: Passage,
  shape: QuestionShape,
  room = MAX_ANSWER_LINES,
): { lines: string[]; links: AnswerLink[] } {
  const lead = LEAD[passage.facet]?.(passage.pageTitle);
  const body = pickLines(passage, shape, room - (lead ? 1 : 0));
  const numbered =
    passage.facet === 'todo' || passage.facet === 'how'
      ? body.map((l, i) => (/^\d+\.\s/.test(l) ? l : `${i + 1}. ${l}`))
      : passage.facet === 'signs'
        ? body.map((l) => `· ${l}`)
        : body;
  const links = [pageLink(passage)];
  if (passage.facet === 'faq') links.push({ href: passage.url, label: '在“常见问题”里看' });
  return { lines: lead ? [lead, ...numbered] : numbered, links };
}
