/**
 * Node-only trainer behind `npm run bot -- train`: fits the classifier in model.ts on the
 * project's generated corpus (bot/corpus/), its own labelled messages, the explainers' sample
 * scripts and (weighted down) the TeleAntiFraud phone calls; reports figures on held-out families
 * with a model that never saw them, then writes bot/model.json trained on everything.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze } from './analyze.ts';
import { loadKnowledgeFromContent, loadPatternContent } from './content-loader.ts';
import {
  DEFAULT_CORPUS_OPTIONS,
  DEV_FAMILIES,
  generateCorpus,
  type CorpusOptions,
} from './corpus/generate.ts';
import { sha256Hex } from './entity-key.ts';
import { evaluateLevels, parseLabelledLines, rocAuc, type LabelledExample } from './evaluation.ts';
import {
  encodeBase64,
  featurize,
  loadModel,
  modelProbability,
  prepareForModel,
  type ModelFile,
} from './model.ts';
import { normalize } from './normalize.ts';

/** Where a training message came from. */
export type SourceName = 'generated' | 'own' | 'scripts' | 'calls';

/** A message with its source, as used for training and evaluation. */
export interface SourcedExample extends LabelledExample {
  source: SourceName;
}

/** Training settings; the defaults are what produced the committed model. */
export interface TrainOptions {
  dim: number;
  /** Longest character n-gram (the shortest is 1). */
  maxN: number;
  epochs: number;
  learningRate: number;
  l2: number;
  /** Total weight of the phone calls relative to all text messages (they are calls, not SMS). */
  callsShare: number;
  seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  dim: 1 << 15,
  maxN: 2,
  epochs: 6,
  learningRate: 0.2,
  l2: 2e-6,
  callsShare: 0.1,
  seed: 20_250_301,
};

const CORPUS_FILE = 'teleantifraud-calls.jsonl';

/** Deterministic 80/20 split by a hash of the text, so a message always lands on the same side. */
export function isDev(text: string): boolean {
  return parseInt(sha256Hex(text).slice(0, 8), 16) % 5 === 0;
}

/**
 * Path of the shared data directory: FANZHA_SHARED_DATA, else `shared/data` beside the checkout
 * or beside its parent (a git worktree one level down).
 */
export function sharedDataDir(rootDir: string): string {
  const fromEnv = process.env['FANZHA_SHARED_DATA'];
  if (fromEnv) return fromEnv;
  const near = resolve(rootDir, '..', 'shared', 'data');
  const far = resolve(rootDir, '..', '..', 'shared', 'data');
  return existsSync(near) || !existsSync(far) ? near : far;
}

/**
 * Loads every source: the generated corpus (families as `type`), the own examples, the scripts
 * and, when present, the phone calls (absent → `callsPath` undefined).
 */
export function loadTrainingSources(
  rootDir: string,
  corpusOptions: CorpusOptions = DEFAULT_CORPUS_OPTIONS,
): { examples: SourcedExample[]; callsPath?: string } {
  const generated = generateCorpus(corpusOptions).map((m): SourcedExample => ({
    text: m.text,
    label: m.label,
    type: m.family,
    source: 'generated',
  }));
  const ownFile = join(rootDir, 'bot', 'data', 'examples.jsonl');
  const own = parseLabelledLines(readFileSync(ownFile, 'utf8'), 'bot/data/examples.jsonl').map(
    (e): SourcedExample => ({ ...e, source: 'own' }),
  );
  const scripts = loadPatternContent(rootDir).flatMap((p) =>
    p.scripts.map((text): SourcedExample => ({
      text,
      label: 'fraud',
      type: p.title,
      source: 'scripts',
    })),
  );
  const texts = [...generated, ...own, ...scripts];
  const callsPath = join(sharedDataDir(rootDir), CORPUS_FILE);
  if (!existsSync(callsPath)) return { examples: texts };
  const calls = parseLabelledLines(readFileSync(callsPath, 'utf8'), CORPUS_FILE).map(
    (e): SourcedExample => ({ ...e, source: 'calls' }),
  );
  return { examples: [...texts, ...calls], callsPath };
}

/** Train/dev split: generated messages by held-out family, the rest by a hash of the text. */
export function splitExamples(examples: SourcedExample[]): {
  train: SourcedExample[];
  dev: SourcedExample[];
} {
  const inDev = (e: SourcedExample) =>
    e.source === 'generated' ? DEV_FAMILIES.has(e.type ?? '') : isDev(e.text);
  return { train: examples.filter((e) => !inDev(e)), dev: examples.filter(inDev) };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fits L2-regularized logistic regression with AdaGrad. Each phone call weighs so little that all
 * of them together count `callsShare` times the text messages.
 */
export function trainModel(
  train: SourcedExample[],
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): ModelFile {
  const { dim } = options;
  const textCount = train.filter((e) => e.source !== 'calls').length;
  const callsCount = train.length - textCount;
  const callWeight = callsCount === 0 ? 0 : (options.callsShare * textCount) / callsCount;
  const items = train.map((e) => ({
    ...featurize(prepareForModel(normalize(e.text).text), dim, 1, options.maxN),
    y: e.label === 'fraud' ? 1 : 0,
    w: e.source === 'calls' ? callWeight : 1,
  }));
  const w = new Float64Array(dim);
  const g2 = new Float64Array(dim).fill(1e-8);
  let bias = 0;
  let biasG2 = 1e-8;
  const random = mulberry32(options.seed);
  const order = items.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const k of order) {
      const it = items[k] as (typeof items)[number];
      let z = bias;
      for (let f = 0; f < it.idx.length; f++)
        z += (w[it.idx[f] as number] as number) * (it.val[f] as number);
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - it.y) * it.w;
      for (let f = 0; f < it.idx.length; f++) {
        const j = it.idx[f] as number;
        const grad = g * (it.val[f] as number) + options.l2 * (w[j] as number);
        g2[j] = (g2[j] as number) + grad * grad;
        w[j] = (w[j] as number) - (options.learningRate * grad) / Math.sqrt(g2[j] as number);
      }
      biasG2 += g * g;
      bias -= (options.learningRate * g) / Math.sqrt(biasG2);
    }
  }
  let maxAbs = 0;
  for (const x of w) maxAbs = Math.max(maxAbs, Math.abs(x));
  const scale = maxAbs / 127 || 1;
  const q = new Uint8Array(dim);
  for (let j = 0; j < dim; j++) q[j] = Math.round((w[j] as number) / scale) & 0xff;
  return {
    format: 'fanzha-logreg/1',
    dim,
    ngrams: [1, options.maxN],
    bias: Math.round(bias * 1e4) / 1e4,
    scale: Number(scale.toPrecision(6)),
    weights: encodeBase64(q),
  };
}

/** Dev-set figures of the model alone and of the whole engine with that model, per source. */
export function devFigures(rootDir: string, modelFile: ModelFile, dev: SourcedExample[]) {
  const model = loadModel(modelFile);
  const knowledge = loadKnowledgeFromContent(rootDir);
  const report: Record<string, unknown> = {};
  for (const name of ['generated', 'own', 'scripts', 'calls'] as const) {
    const list = dev.filter((e) => e.source === name);
    if (list.length === 0) continue;
    const probs = list.map((e) => modelProbability(model, normalize(e.text).text));
    const labels = list.map((e) => e.label === 'fraud');
    const accuracy = probs.filter((p, i) => p >= 0.5 === labels[i]).length / list.length;
    const levels = list.map((e) => analyze(e.text, knowledge, { model }).level);
    report[name] = {
      size: { total: list.length, fraud: labels.filter(Boolean).length },
      modelAlone: {
        auc: labels.every(Boolean) ? null : rocAuc(labels, probs),
        accuracyAt05: Math.round(accuracy * 1000) / 1000,
      },
      engine: evaluateLevels(list, levels),
    };
  }
  return report;
}

/**
 * Fits a model on the train split and reports dev figures with it (held-out families, never
 * seen), then fits on everything and writes `<rootDir>/bot/model.json`.
 */
export function runTraining(rootDir: string, options: TrainOptions = DEFAULT_TRAIN_OPTIONS) {
  const { examples, callsPath } = loadTrainingSources(rootDir);
  const { train, dev } = splitExamples(examples);
  const heldOut = trainModel(train, options);
  const devReport = devFigures(rootDir, heldOut, dev);
  const modelFile = trainModel(examples, options);
  const count = (list: SourcedExample[], s: SourceName) =>
    list.filter((e) => e.source === s).length;
  const sizes = (list: SourcedExample[]) => ({
    generated: count(list, 'generated'),
    own: count(list, 'own'),
    scripts: count(list, 'scripts'),
    calls: count(list, 'calls'),
  });
  modelFile.meta = {
    description:
      '反诈 scam-check classifier: logistic regression over hashed character n-grams (int8 weights).',
    sources: {
      generated: `bot/corpus/ generators, seed ${DEFAULT_CORPUS_OPTIONS.seed} (families and their public sources in bot/data/FAMILIES.md; Apache-2.0)`,
      own: 'bot/data/examples.jsonl — the project’s own examples (Apache-2.0)',
      scripts: 'content/patterns/*.mdx scripts — the project’s explainers (Apache-2.0)',
      calls: callsPath
        ? 'TeleAntiFraud-28k multi-agent subset (JimmyMa99/TeleAntiFraud), Apache-2.0, Copyright 2025 Zhiming Ma'
        : 'not used (file absent)',
    },
    split:
      'dev = generated messages of the held-out families (bot/corpus/generate.ts DEV_FAMILIES); other sources sha256(text) mod 5 == 0. The written model is trained on all of it; the dev figures come from a model trained without the dev split.',
    trainSize: sizes(examples),
    devSize: sizes(dev),
    options: { ...options },
  };
  writeFileSync(join(rootDir, 'bot', 'model.json'), `${JSON.stringify(modelFile)}\n`);
  return {
    written: 'bot/model.json',
    calls:
      callsPath ??
      '未找到 TeleAntiFraud 语料（可用 FANZHA_SHARED_DATA 指定目录），本次没有用电话对话训练',
    trainSize: modelFile.meta['trainSize'],
    devOfModelWithoutDevSplit: devReport,
  };
}
