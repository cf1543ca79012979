/**
 * The chat-bot on resident questions (bot/data/questions.jsonl): answered, right-page and fallback
 * shares, beside the plain keyword-search baseline (the site search's top hit taken as the
 * answer), plus the answer index's size and build time. Used by `npm run bench` (bench/run.ts);
 * run alone with `node bench/questions.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { prepareAnswers } from '../bot/answers/answer.ts';
import {
  baselineFigures,
  judgeAnswer,
  parseQuestionLines,
  questionFigures,
} from '../bot/answers/evaluate.ts';
import { answerChat } from '../bot/chat.ts';
import { loadAnswerIndexFromContent, loadKnowledgeFromContent } from '../bot/content-loader.ts';
import { buildIndex, rankAny, search } from '../bot/search/indexer.ts';
import { bigrams, runs } from '../bot/search/tokenize.ts';
import { readContentForSearch } from '../site/search/content-files.ts';
import { searchDocuments } from '../site/search/documents.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const QUESTIONS = join(ROOT, 'bot', 'data', 'questions.jsonl');

/** Figures for the project's question set, the two keyword baselines and the index. */
export async function benchQuestions(): Promise<Record<string, unknown>> {
  const questions = parseQuestionLines(readFileSync(QUESTIONS, 'utf8'), QUESTIONS);
  const knowledge = loadKnowledgeFromContent(ROOT);
  const index = loadAnswerIndexFromContent(ROOT);
  const t0 = performance.now();
  const answers = prepareAnswers(index);
  const buildMs = performance.now() - t0;

  const t1 = performance.now();
  const outcomes = questions.map((q) =>
    judgeAnswer(q, answerChat([{ role: 'user', content: q.q }], knowledge, {}, { answers })),
  );
  const perQuestionMs = (performance.now() - t1) / questions.length;

  // The baselines search the site's own search documents (one per page), as the search page does.
  const docs = searchDocuments(readContentForSearch(ROOT));
  const url = new Map(docs.map((d) => [d.id, d.url ?? '']));
  const siteIndex = buildIndex(docs);
  const siteSearch = (q: string) => search(siteIndex, q).map((id) => url.get(id) ?? '');
  const anyKeyword = (q: string) =>
    rankAny(siteIndex, {
      optional: runs(q).flatMap((r) => (/\p{Script=Han}/u.test(r) ? bigrams(r) : [r])),
    }).map((m) => url.get(m.ref) ?? '');

  const json = JSON.stringify(index);
  return {
    question_set: 'bot/data/questions.jsonl',
    chat_bot: questionFigures(outcomes),
    baseline_site_search_top_hit: baselineFigures(questions, siteSearch),
    baseline_any_keyword_top_hit: baselineFigures(questions, anyKeyword),
    answer_index_passages: index.passages.length,
    answer_index_gzip_bytes: gzipSync(json).length,
    answer_index_build_ms: Math.round(buildMs),
    answer_ms_per_question: Math.round(perQuestionMs * 100) / 100,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchQuestions(), null, 2));
}
