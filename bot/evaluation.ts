/**
 * Figures for judging the engine on labelled messages: precision, recall, F1 and false-positive
 * rate at the two thresholds a user sees (可疑 or above; 高风险 only), with recall per scam type and
 * the false-positive rate per type of ordinary message.
 * Pure, shared by `npm run bot -- eval`, the trainer and the bench.
 */
import type { Level } from './types.ts';

/** One labelled message, as in bot/data/examples.jsonl. */
export interface LabelledExample {
  text: string;
  label: 'fraud' | 'normal';
  type?: string | undefined;
}

/** Confusion counts and the figures derived from them. */
export interface ThresholdFigures {
  precision: number;
  recall: number;
  f1: number;
  falsePositiveRate: number;
  counts: { tp: number; fp: number; tn: number; fn: number; total: number };
  /** Recall per `type` of the fraud examples that have one. */
  perTypeRecall: Record<string, number>;
  /** False-positive rate per `type` of the ordinary examples that have one. */
  perTypeFalsePositiveRate: Record<string, number>;
}

/** Figures for both thresholds. */
export interface EvaluationFigures {
  suspiciousOrAbove: ThresholdFigures;
  highRiskOnly: ThresholdFigures;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function figures(examples: LabelledExample[], flagged: boolean[]): ThresholdFigures {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  const perType = new Map<string, { hit: number; total: number }>();
  const perNormalType = new Map<string, { hit: number; total: number }>();
  const count = (map: typeof perType, type: string | undefined, hit: boolean) => {
    if (!type) return;
    const t = map.get(type) ?? { hit: 0, total: 0 };
    t.total++;
    if (hit) t.hit++;
    map.set(type, t);
  };
  examples.forEach((ex, i) => {
    const f = flagged[i] === true;
    if (ex.label === 'fraud') {
      if (f) tp++;
      else fn++;
      count(perType, ex.type, f);
    } else {
      if (f) fp++;
      else tn++;
      count(perNormalType, ex.type, f);
    }
  });
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const rates = (map: typeof perType) => {
    const out: Record<string, number> = {};
    for (const [type, t] of [...map].sort((a, b) => a[0].localeCompare(b[0])))
      out[type] = round(t.hit / t.total);
    return out;
  };
  return {
    precision: round(precision),
    recall: round(recall),
    f1: round(f1),
    falsePositiveRate: round(fp + tn === 0 ? 0 : fp / (fp + tn)),
    counts: { tp, fp, tn, fn, total: examples.length },
    perTypeRecall: rates(perType),
    perTypeFalsePositiveRate: rates(perNormalType),
  };
}

/** Figures at both thresholds, given the level the engine gave each example. */
export function evaluateLevels(examples: LabelledExample[], levels: Level[]): EvaluationFigures {
  return {
    suspiciousOrAbove: figures(
      examples,
      levels.map((l) => l === '高风险' || l === '可疑'),
    ),
    highRiskOnly: figures(
      examples,
      levels.map((l) => l === '高风险'),
    ),
  };
}

/** Parses JSON lines of labelled examples; throws a Chinese message naming the bad line. */
export function parseLabelledLines(source: string, fileName: string): LabelledExample[] {
  const out: LabelledExample[] = [];
  source.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new Error(`${fileName} 第 ${i + 1} 行不是合法的 JSON`);
    }
    const r = row as Record<string, unknown>;
    if (typeof r['text'] !== 'string' || (r['label'] !== 'fraud' && r['label'] !== 'normal')) {
      throw new Error(`${fileName} 第 ${i + 1} 行应为 {"text": "…", "label": "fraud" 或 "normal"}`);
    }
    const ex: LabelledExample = { text: r['text'], label: r['label'] };
    if (typeof r['type'] === 'string' && r['type']) ex.type = r['type'];
    out.push(ex);
  });
  return out;
}

/** Area under the ROC curve of scores against labels (ties counted half). */
export function rocAuc(labels: boolean[], scores: number[]): number {
  const pairs = scores.map((s, i) => ({ s, y: labels[i] === true })).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  let pos = 0;
  let i = 0;
  while (i < pairs.length) {
    let j = i;
    while (j < pairs.length && (pairs[j] as { s: number }).s === (pairs[i] as { s: number }).s) j++;
    const avgRank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if ((pairs[k] as { y: boolean }).y) {
        rankSum += avgRank;
        pos++;
      }
    }
    i = j;
  }
  const neg = pairs.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return round((rankSum - (pos * (pos + 1)) / 2) / (pos * neg));
}
