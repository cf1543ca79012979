/**
 * Node-only trainer behind `npm run bot -- train`: fits the classifier in model.ts on the project's
 * own labelled messages, the explainers' sample scripts and (capped) the TeleAntiFraud phone-call
 * corpus, writes bot/model.json and reports dev-set figures, model alone and whole engine.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze } from './analyze.ts';
import { loadKnowledgeFromContent, loadPatternContent } from './content-loader.ts';
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
export type SourceName = 'own' | 'scripts' | 'corpus';

/** A message with its source, as used for training and evaluation. */
export interface SourcedExample extends LabelledExample {
  source: SourceName;
}

/** Training settings; the defaults are what produced the committed model. */
export interface TrainOptions {
  dim: number;
  epochs: number;
  learningRate: number;
  l2: number;
  /** Total weight of the corpus relative to the project's own messages (it is phone calls, not SMS). */
  corpusShare: number;
  seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  dim: 1 << 14,
  epochs: 12,
  learningRate: 0.2,
  l2: 2e-5,
  corpusShare: 0.5,
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

/** Loads the three sources; the corpus is optional (absent → `corpusPath` undefined). */
export function loadTrainingSources(rootDir: string): {
  examples: SourcedExample[];
  corpusPath?: string;
} {
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
  const corpusPath = join(sharedDataDir(rootDir), CORPUS_FILE);
  if (!existsSync(corpusPath)) return { examples: [...own, ...scripts] };
  const corpus = parseLabelledLines(readFileSync(corpusPath, 'utf8'), CORPUS_FILE).map(
    (e): SourcedExample => ({ ...e, source: 'corpus' }),
  );
  return { examples: [...own, ...scripts, ...corpus], corpusPath };
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
 * Fits L2-regularized logistic regression with AdaGrad. Each corpus dialogue weighs so little that
 * the whole corpus counts `corpusShare` times the project's own messages.
 */
export function trainModel(
  train: SourcedExample[],
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): ModelFile {
  const { dim } = options;
  const ownCount = train.filter((e) => e.source !== 'corpus').length;
  const corpusCount = train.length - ownCount;
  const corpusWeight = corpusCount === 0 ? 0 : (options.corpusShare * ownCount) / corpusCount;
  const items = train.map((e) => ({
    ...featurize(prepareForModel(normalize(e.text).text), dim, 1, 3),
    y: e.label === 'fraud' ? 1 : 0,
    w: e.source === 'corpus' ? corpusWeight : 1,
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
    ngrams: [1, 3],
    bias: Math.round(bias * 1e4) / 1e4,
    scale: Number(scale.toPrecision(6)),
    weights: encodeBase64(q),
  };
}

/** Dev-set figures of the model alone and of the whole engine, per source. */
export function devFigures(rootDir: string, modelFile: ModelFile, dev: SourcedExample[]) {
  const model = loadModel(modelFile);
  const knowledge = loadKnowledgeFromContent(rootDir);
  const report: Record<string, unknown> = {};
  const groups: [string, SourcedExample[]][] = [
    ['own', dev.filter((e) => e.source === 'own')],
    ['scripts', dev.filter((e) => e.source === 'scripts')],
    ['corpus', dev.filter((e) => e.source === 'corpus')],
  ];
  for (const [name, list] of groups) {
    if (list.length === 0) continue;
    const probs = list.map((e) => modelProbability(model, normalize(e.text).text));
    const labels = list.map((e) => e.label === 'fraud');
    const accuracy = probs.filter((p, i) => p >= 0.5 === labels[i]).length / list.length;
    const levels = list.map((e) => analyze(e.text, knowledge, { model }).level);
    const signalsOnly = list.map((e) => analyze(e.text, knowledge, { model: null }).level);
    report[name] = {
      size: { total: list.length, fraud: labels.filter(Boolean).length },
      modelAlone: {
        auc: name === 'scripts' ? null : rocAuc(labels, probs),
        accuracyAt05: Math.round(accuracy * 1000) / 1000,
      },
      engine: evaluateLevels(list, levels),
      signalsOnly: evaluateLevels(list, signalsOnly),
    };
  }
  return report;
}

/** Trains on the train split, writes `<rootDir>/bot/model.json`, returns the dev report. */
export function runTraining(rootDir: string, options: TrainOptions = DEFAULT_TRAIN_OPTIONS) {
  const { examples, corpusPath } = loadTrainingSources(rootDir);
  const train = examples.filter((e) => !isDev(e.text));
  const dev = examples.filter((e) => isDev(e.text));
  const modelFile = trainModel(train, options);
  const count = (list: SourcedExample[], s: SourceName) =>
    list.filter((e) => e.source === s).length;
  modelFile.meta = {
    description:
      '反诈 scam-check classifier: logistic regression over hashed character 1–3-grams (int8 weights).',
    sources: {
      own: 'bot/data/examples.jsonl — the project’s own examples (Apache-2.0)',
      scripts: 'content/patterns/*.mdx scripts — the project’s explainers (Apache-2.0)',
      corpus: corpusPath
        ? 'TeleAntiFraud-28k multi-agent subset (JimmyMa99/TeleAntiFraud), Apache-2.0, Copyright 2025 Zhiming Ma'
        : 'not used (file absent)',
    },
    split: 'dev = sha256(text) mod 5 == 0 (about 20%)',
    trainSize: {
      own: count(train, 'own'),
      scripts: count(train, 'scripts'),
      corpus: count(train, 'corpus'),
    },
    devSize: {
      own: count(dev, 'own'),
      scripts: count(dev, 'scripts'),
      corpus: count(dev, 'corpus'),
    },
    options: { ...options },
  };
  writeFileSync(join(rootDir, 'bot', 'model.json'), `${JSON.stringify(modelFile)}\n`);
  return {
    written: 'bot/model.json',
    corpus:
      corpusPath ??
      '未找到 TeleAntiFraud 语料（可用 FANZHA_SHARED_DATA 指定目录），本次只用项目自己的样例训练',
    trainSize: modelFile.meta['trainSize'],
    dev: devFigures(rootDir, modelFile, dev),
  };
}
