/**
 * How well the checker catches scams, in one run on the same files: the engine beside two
 * baselines computed here (a keyword list, a character n-gram naive Bayes trained on the same
 * corpus), each baseline read at the engine's own false-positive rate. Sets: the generated
 * corpus's held-out families (engine and baseline trained without them), OCR'd chat of those
 * families, the project's holdout, the phone-call dev split, and the real dev sets when present.
 * Used by `npm run bench`; run alone with `node bench/accuracy.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyze } from '../bot/analyze.ts';
import { loadKnowledgeFromContent } from '../bot/content-loader.ts';
import { DEFAULT_CORPUS_OPTIONS, DEV_FAMILIES, generateOcrSet } from '../bot/corpus/generate.ts';
import { defaultModel } from '../bot/default-model.ts';
import { evaluateLevels, parseLabelledLines, type LabelledExample } from '../bot/evaluation.ts';
import { loadModel, type Model } from '../bot/model.ts';
import {
  loadTrainingSources,
  sharedDataDir,
  splitExamples,
  trainModel,
  DEFAULT_TRAIN_OPTIONS,
} from '../bot/train.ts';
import type { Knowledge } from '../bot/types.ts';
import { keywordScorer, recallAtFpr, trainNaiveBayes, type Scorer } from './baselines.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The engine's figures on one set and both baselines at the engine's FPR, at both thresholds. */
function compare(
  examples: LabelledExample[],
  knowledge: Knowledge,
  model: Model,
  baselines: Record<string, Scorer>,
): Record<string, unknown> {
  const levels = examples.map((e) => analyze(e.text, knowledge, { model }).level);
  const figures = evaluateLevels(examples, levels);
  const labels = examples.map((e) => e.label === 'fraud');
  const scores = Object.fromEntries(
    Object.entries(baselines).map(([name, score]) => [name, examples.map((e) => score(e.text))]),
  );
  const out: Record<string, unknown> = {
    size: { total: examples.length, fraud: labels.filter(Boolean).length },
  };
  for (const [threshold, f] of [
    ['suspiciousOrAbove', figures.suspiciousOrAbove],
    ['highRiskOnly', figures.highRiskOnly],
  ] as const) {
    const row: Record<string, unknown> = {
      engine: { recall: f.recall, falsePositiveRate: f.falsePositiveRate, precision: f.precision },
    };
    for (const [name, s] of Object.entries(scores))
      row[name] = recallAtFpr(s, labels, f.falsePositiveRate);
    out[threshold] = row;
  }
  return out;
}

function readSet(file: string): LabelledExample[] {
  return parseLabelledLines(readFileSync(file, 'utf8'), file);
}

/** Measures accuracy on every set and returns the figures. */
export async function benchAccuracy(): Promise<Record<string, unknown>> {
  const knowledge = loadKnowledgeFromContent(ROOT);
  const keyword = keywordScorer(knowledge);
  const { examples } = loadTrainingSources(ROOT);
  const { train, dev } = splitExamples(examples);

  // Held-out families: a model and a naive Bayes that never saw them.
  const heldOutModel = loadModel(trainModel(train, DEFAULT_TRAIN_OPTIONS));
  const nbTrain = trainNaiveBayes(train);
  const heldOut = { keywordList: keyword, naiveBayes: nbTrain };
  const generatedDev = dev.filter((e) => e.source === 'generated');
  const callsDev = dev.filter((e) => e.source === 'calls');
  const ocr = generateOcrSet(DEFAULT_CORPUS_OPTIONS.seed ^ 0x0c12, 40, (f) =>
    DEV_FAMILIES.has(f.id),
  );

  const sets: Record<string, unknown> = {
    generatedHeldOutFamilies: compare(generatedDev, knowledge, heldOutModel, heldOut),
    ocrChatHeldOutFamilies: compare(ocr, knowledge, heldOutModel, heldOut),
  };
  if (callsDev.length > 0)
    sets['teleAntiFraudCallsDev'] = compare(callsDev, knowledge, heldOutModel, heldOut);

  // Sets nothing was trained on: the shipped model, and a naive Bayes on everything it saw.
  const shipped = { keywordList: keyword, naiveBayes: trainNaiveBayes(examples) };
  const model = defaultModel();
  sets['ownHoldout'] = compare(
    readSet(join(ROOT, 'bot', 'data', 'holdout.jsonl')),
    knowledge,
    model,
    shipped,
  );
  const devReal = join(sharedDataDir(ROOT), 'dev-real');
  for (const [name, file] of [
    ['devRealFbsSms', 'fbs-sms-dev.jsonl'],
    ['devRealCaseTexts', 'case-texts-dev.jsonl'],
  ] as const) {
    const path = join(devReal, file);
    sets[name] = existsSync(path)
      ? compare(readSet(path), knowledge, model, shipped)
      : { skipped: `${path} not found (the real dev sets are not in CI)` };
  }
  return {
    note: 'baselines are read at the engine’s own false-positive rate on each set (equal FPR)',
    ...sets,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchAccuracy();
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}
