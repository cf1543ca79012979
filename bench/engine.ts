/**
 * Speed and size of the scam-check engine: time per message (p50/p99) over ≥ 1,000 messages,
 * messages per second on one core, and the gzip size of what the browser loads (engine + model +
 * knowledge).
 * Used by `npm run bench` (bench/run.ts); run alone with `node bench/engine.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { analyze } from '../bot/analyze.ts';
import { loadKnowledgeFromContent } from '../bot/content-loader.ts';
import { parseLabelledLines } from '../bot/evaluation.ts';
import { sharedDataDir } from '../bot/train.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Budget for the engine, model and knowledge in the browser, gzip (loaded on demand by the checker). */
const BUNDLE_BUDGET_BYTES = 80 * 1024;
const MIN_MESSAGES = 1000;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

const ms = (x: number) => Math.round(x * 1000) / 1000;

/** Messages to time: the project's examples, then corpus dialogues until there are enough. */
function benchMessages(): { texts: string[]; fromExamples: number; fromCorpus: number } {
  const examples = parseLabelledLines(
    readFileSync(join(ROOT, 'bot', 'data', 'examples.jsonl'), 'utf8'),
    'examples.jsonl',
  ).map((e) => e.text);
  const corpusFile = join(sharedDataDir(ROOT), 'teleantifraud-calls.jsonl');
  const corpus = existsSync(corpusFile)
    ? parseLabelledLines(readFileSync(corpusFile, 'utf8'), 'teleantifraud-calls.jsonl').map(
        (e) => e.text,
      )
    : [];
  const texts = [...examples];
  let fromCorpus = 0;
  for (const t of corpus) {
    if (texts.length >= MIN_MESSAGES + 200) break;
    texts.push(t);
    fromCorpus++;
  }
  // Without the corpus, repeat the examples so percentiles still rest on ≥ 1,000 timings.
  while (texts.length < MIN_MESSAGES) texts.push(...examples.slice(0, MIN_MESSAGES - texts.length));
  return { texts, fromExamples: examples.length, fromCorpus };
}

/** Bundles bot/analyze.ts for the browser (minified ESM), gzips it, and adds the knowledge file. */
async function bundleSize(): Promise<Record<string, unknown>> {
  const result = await build({
    entryPoints: [join(ROOT, 'bot', 'analyze.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const gzip = gzipSync(code, { level: 9 }).length;
  const model = readFileSync(join(ROOT, 'bot', 'model.json'));
  // The browser also fetches dist/bot-knowledge.json; the same knowledge, built from content.
  const knowledge = Buffer.from(JSON.stringify(loadKnowledgeFromContent(ROOT)));
  const knowledgeGzip = gzipSync(knowledge, { level: 9 }).length;
  const total = gzip + knowledgeGzip;
  const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
  return {
    engineAndModelGzipKB: kb(gzip),
    modelJsonGzipKB: kb(gzipSync(model, { level: 9 }).length),
    knowledgeGzipKB: kb(knowledgeGzip),
    totalGzipKB: kb(total),
    budgetKB: BUNDLE_BUDGET_BYTES / 1024,
    withinBudget: total <= BUNDLE_BUDGET_BYTES,
  };
}

/** Measures the engine and returns the figures. */
export async function benchEngine(): Promise<Record<string, unknown>> {
  const knowledge = loadKnowledgeFromContent(ROOT);
  const { texts, fromExamples, fromCorpus } = benchMessages();
  // Warm up: decode the model, compile the knowledge's matchers, let the JIT settle.
  for (const t of texts.slice(0, 50)) analyze(t, knowledge);
  const times: number[] = [];
  const started = performance.now();
  for (const t of texts) {
    const t0 = performance.now();
    analyze(t, knowledge);
    times.push(performance.now() - t0);
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  const longText = texts.join('\n').slice(0, 20_000);
  const t0 = performance.now();
  analyze(longText, knowledge);
  const longMs = performance.now() - t0;
  return {
    messages: texts.length,
    fromExamples,
    fromCorpus,
    meanChars: Math.round(texts.reduce((n, t) => n + t.length, 0) / texts.length),
    p50Ms: ms(percentile(times, 50)),
    p99Ms: ms(percentile(times, 99)),
    maxMs: ms(times[times.length - 1] ?? 0),
    messagesPerSecond: Math.round((texts.length / total) * 1000),
    longest20kCharsMs: ms(longMs),
    bundle: await bundleSize(),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchEngine();
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}
