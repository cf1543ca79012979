/**
 * Measures the chat-bot on resident questions: how many it answers (not "这个问题我还答不好"), how
 * many point to the page that covers the question, and the same for a plain keyword search (the
 * site search's top hit as the answer). Pure, shared by `npm run bot -- eval-questions` and the bench.
 */
import { pageSlugOf } from '../content-urls.ts';
import type { ChatLink, ChatReply } from '../chat.ts';

/** One question and the pages that answer it, as in bot/data/questions.jsonl. */
export interface LabelledQuestion {
  q: string;
  /** Slugs of the pages that cover it: an explainer slug, a page id (hotlines, app…), or faq. */
  want: string[];
}

/** Reads `{"q","want":[…]}` lines; a bad line throws with its number (in Chinese). */
export function parseQuestionLines(text: string, file = '文件'): LabelledQuestion[] {
  const out: LabelledQuestion[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${file} 第 ${i + 1} 行不是有效的 JSON`);
    }
    const o = value as { q?: unknown; want?: unknown };
    if (typeof o.q !== 'string' || !o.q.trim()) throw new Error(`${file} 第 ${i + 1} 行缺少 q`);
    const want = typeof o.want === 'string' ? [o.want] : o.want;
    if (!Array.isArray(want) || !want.every((w) => typeof w === 'string')) {
      throw new Error(`${file} 第 ${i + 1} 行的 want 应为页面名列表`);
    }
    out.push({ q: o.q, want: want.map(normalizeSlug) });
  });
  return out;
}

/** "/patterns/fake-loan/", "patterns/fake-loan" and "fake-loan" are the same page. */
export function normalizeSlug(slug: string): string {
  const s = slug.trim();
  if (s.startsWith('/')) return pageSlugOf(s) ?? s;
  return s
    .replace(/^patterns\//, '')
    .replace(/\/+$/, '')
    .replace(/^report\/guide$/, 'report');
}

/** The pages an answer links to, in order (call buttons left out). */
export function answerPages(links: readonly ChatLink[]): string[] {
  return links.map((l) => pageSlugOf(l.href)).filter((s): s is string => Boolean(s));
}

/** Figures for a set of questions. */
export interface QuestionFigures {
  questions: number;
  /** Share not answered with "这个问题我还答不好". */
  answered: number;
  /** Share whose first page link is one of the wanted pages. */
  rightPage: number;
  /** Share with a wanted page among any of the answer's page links. */
  rightPageAnyLink: number;
  /** Share answered with the can't-answer reply. */
  fallback: number;
  /** Share answered from content passages (the rest: the built-in answers and checks). */
  fromContent: number;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** One question's outcome. */
export interface QuestionOutcome {
  q: string;
  want: string[];
  answered: boolean;
  pages: string[];
  right: boolean;
  fromContent: boolean;
}

/** Judges one answer against the wanted pages. */
export function judgeAnswer(question: LabelledQuestion, reply: ChatReply): QuestionOutcome {
  const pages = answerPages(reply.links);
  return {
    q: question.q,
    want: question.want,
    answered: reply.intent !== 'unknown',
    pages,
    right: pages.length > 0 && question.want.includes(pages[0]!),
    fromContent: (reply.sources?.length ?? 0) > 0,
  };
}

/** Sums outcomes into shares. */
export function questionFigures(outcomes: readonly QuestionOutcome[]): QuestionFigures {
  const n = outcomes.length || 1;
  const count = (f: (o: QuestionOutcome) => boolean) => round(outcomes.filter(f).length / n);
  return {
    questions: outcomes.length,
    answered: count((o) => o.answered),
    rightPage: count((o) => o.right),
    rightPageAnyLink: count((o) => o.pages.some((p) => o.want.includes(p))),
    fallback: count((o) => !o.answered),
    fromContent: count((o) => o.fromContent),
  };
}

/**
 * The baseline: a plain keyword search over the site's pages, its top hit taken as the answer.
 * `search` returns page URLs best first (empty when nothing matches).
 */
export function baselineFigures(
  questions: readonly LabelledQuestion[],
  search: (q: string) => string[],
): QuestionFigures {
  return questionFigures(
    questions.map((question) => {
      const pages = search(question.q)
        .map((u) => pageSlugOf(u))
        .filter((s): s is string => Boolean(s))
        .slice(0, 1);
      return {
        q: question.q,
        want: question.want,
        answered: pages.length > 0,
        pages,
        right: pages.length > 0 && question.want.includes(pages[0]!),
        fromContent: pages.length > 0,
      };
    }),
  );
}
