/**
 * Cuts the site's content into answer passages for the chat-bot: each explainer's what / red
 * flags / how it works / what to do, each `##` section of the plain pages, and each 常见问题 entry.
 * Pure: the build (from Astro's collections) and the Node loader (from the files) both call it.
 */
import { faqUrl, pageUrl, patternUrl } from '../content-urls.ts';
import { markdownSections } from '../search/markdown.ts';

/** Which part of a page a passage is: lets "怎么办" pick the what-to-do part of the same topic. */
export const FACETS = ['what', 'signs', 'how', 'todo', 'info', 'faq'] as const;
export type Facet = (typeof FACETS)[number];

/** A link shown as a button under an answer. */
export interface AnswerLink {
  href: string;
  label: string;
}

/** One answerable piece of content. */
export interface Passage {
  /** Stable id: `pattern:<slug>:<facet>`, `pattern:<slug>:s<n>`, `page:<id>:<n>`, `faq:<id>`. */
  id: string;
  /** Slug of the page the answer points to: an explainer slug, a page id, or `faq`. */
  page: string;
  /** Where the passage itself is read (a page, or an anchor on the 常见问题 page). */
  url: string;
  pageTitle: string;
  /** Section heading, or the question of a 常见问题 entry. */
  heading: string;
  facet: Facet;
  /** The answer, one sentence or list item a line, in the content's order. */
  lines: string[];
  /** Other words for the same thing (an explainer's aliases, the other ways a question is asked). */
  keywords?: string;
  /** The explainer this passage is about, if any. */
  pattern?: string;
  /** The page a 常见问题 entry sends the reader on to; it is the answer's first link. */
  see?: AnswerLink;
}

/** Everything the chat-bot answers from; serialized to dist/answer-index.json. */
export interface AnswerIndex {
  version: string;
  passages: Passage[];
}

export interface PatternForAnswers {
  slug: string;
  title: string;
  summary: string;
  aliases: string[];
  redFlags: { label: string; phrases: string[]; reason: string }[];
  steps: string[];
  dos: string[];
  donts: string[];
  body: string;
}

export interface PageForAnswers {
  id: string;
  title: string;
  description: string;
  body: string;
}

export interface FaqEntryForAnswers {
  id: string;
  q: string;
  also: string[];
  a: string;
  /** A page id or an explainer slug the answer sends the reader on to. */
  page?: string | undefined;
  pattern?: string | undefined;
}

export interface FaqGroupForAnswers {
  title: string;
  entries: FaqEntryForAnswers[];
}

export interface AnswerContent {
  patterns: PatternForAnswers[];
  pages: PageForAnswers[];
  faq: FaqGroupForAnswers[];
}

/** Stories are read, not answered from: a question never gets a story back. */
const STORY_HEADING = /故事|案例|案件/;
const TODO_HEADING = /怎么做|怎么办|该做|应对/;
const HOW_HEADING = /为什么|得手|怎么骗|套路/;

/**
 * "Call 110 if money moved" goes first wherever it appears in a list of what to do: the minutes
 * after a transfer decide whether an emergency stop-payment (紧急止付) can still work.
 */
export function call110First(lines: readonly string[]): string[] {
  const urgent = (l: string) => /(?<!96)110/.test(l);
  return [...lines.filter(urgent), ...lines.filter((l) => !urgent(l))];
}

/** Splits an answer into its lines (a 常见问题 answer is written one sentence a line). */
export function answerLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

function patternPassages(p: PatternForAnswers): Passage[] {
  const base = { page: p.slug, url: patternUrl(p.slug), pageTitle: p.title, pattern: p.slug };
  const aliases = p.aliases.join('，');
  const out: Passage[] = [
    {
      ...base,
      id: `pattern:${p.slug}:what`,
      heading: `什么是${p.title}`,
      facet: 'what',
      lines: [
        p.summary,
        `要当心：${p.redFlags
          .slice(0, 3)
          .map((f) => f.label)
          .join('，')}。`,
        ...p.donts.slice(0, 1).map((d) => `千万${d.replace(/^千万/, '')}`),
      ],
      keywords: aliases,
    },
    {
      ...base,
      id: `pattern:${p.slug}:signs`,
      heading: `怎么识别${p.title}`,
      facet: 'signs',
      lines: p.redFlags.map((f) => `${f.label}：${f.reason}`),
      keywords: [aliases, ...p.redFlags.map((f) => f.phrases.join('，'))].join('\n'),
    },
    {
      ...base,
      id: `pattern:${p.slug}:how`,
      heading: `${p.title}是怎么骗人的`,
      facet: 'how',
      lines: p.steps,
      keywords: aliases,
    },
    {
      ...base,
      id: `pattern:${p.slug}:todo`,
      heading: `遇到${p.title}怎么办`,
      facet: 'todo',
      lines: [...call110First(p.dos), ...p.donts],
      keywords: aliases,
    },
  ];
  markdownSections(p.body).forEach((s, i) => {
    if (!s.heading || STORY_HEADING.test(s.heading) || s.lines.length === 0) return;
    const todo = TODO_HEADING.test(s.heading);
    out.push({
      ...base,
      id: `pattern:${p.slug}:s${i}`,
      heading: s.heading,
      facet: todo ? 'todo' : HOW_HEADING.test(s.heading) ? 'how' : 'info',
      lines: todo ? call110First(s.lines) : s.lines,
      keywords: aliases,
    });
  });
  return out;
}

function pagePassages(p: PageForAnswers): Passage[] {
  const base = { page: p.id, url: pageUrl(p.id), pageTitle: p.title };
  return markdownSections(p.body).flatMap((s, i): Passage[] => {
    const lines = i === 0 && !s.heading ? [p.description, ...s.lines] : s.lines;
    if (lines.length === 0) return [];
    return [
      {
        ...base,
        id: `page:${p.id}:${i}`,
        heading: s.heading || p.title,
        facet: TODO_HEADING.test(s.heading) ? 'todo' : 'info',
        lines,
        keywords: p.description,
      },
    ];
  });
}

function faqPassages(
  groups: FaqGroupForAnswers[],
  titles: { pages: Map<string, string>; patterns: Map<string, string> },
): Passage[] {
  return groups.flatMap((g) =>
    g.entries.map((e): Passage => {
      const see = e.pattern
        ? {
            slug: e.pattern,
            href: patternUrl(e.pattern),
            title: titles.patterns.get(e.pattern) ?? e.pattern,
          }
        : e.page
          ? { slug: e.page, href: pageUrl(e.page), title: titles.pages.get(e.page) ?? e.page }
          : undefined;
      return {
        id: `faq:${e.id}`,
        page: see?.slug ?? 'faq',
        url: faqUrl(e.id),
        pageTitle: '常见问题',
        heading: e.q,
        facet: 'faq',
        lines: answerLines(e.a),
        keywords: [...e.also, g.title].join('\n'),
        ...(e.pattern ? { pattern: e.pattern } : {}),
        ...(see ? { see: { href: see.href, label: `看看：${see.title}` } } : {}),
      };
    }),
  );
}

/**
 * Every passage the chat-bot can answer from, in a stable order (explainers by slug, pages by id,
 * 常见问题 groups as given), so the build, the server and the CLI rank ties alike.
 */
export function buildAnswerIndex(content: AnswerContent, version: string): AnswerIndex {
  const bySlug = (a: { slug: string }, b: { slug: string }) => (a.slug < b.slug ? -1 : 1);
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
  const titles = {
    pages: new Map(content.pages.map((p) => [p.id, p.title])),
    patterns: new Map(content.patterns.map((p) => [p.slug, p.title])),
  };
  return {
    version,
    passages: [
      ...(content.faq.length ? faqPassages(content.faq, titles) : []),
      ...[...content.patterns].sort(bySlug).flatMap(patternPassages),
      ...[...content.pages].sort(byId).flatMap(pagePassages),
    ],
  };
}
