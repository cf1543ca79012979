/**
 * The two baselines the bench measures the engine against, computed here and never shipped: a
 * keyword list (the explainers' own red-flag phrases, counted) and a multinomial naive Bayes over
 * character 1–3-grams trained on the same corpus as the engine's model. Plus the helper that reads
 * a scorer's recall at a given false-positive rate, so they are compared at equal FPR.
 */
import { featurize, prepareForModel } from '../bot/model.ts';
import { normalize } from '../bot/normalize.ts';
import { phraseToRegExp } from '../bot/signals.ts';
import type { LabelledExample } from '../bot/evaluation.ts';
import type { Knowledge } from '../bot/types.ts';

/** A baseline: a higher score means more likely a scam. */
export type Scorer = (text: string) => number;

/** Number of distinct explainer phrases found in the text (what a plain keyword filter does). */
export function keywordScorer(knowledge: Knowledge): Scorer {
  const phrases = knowledge.patterns
    .flatMap((p) => p.redFlags.flatMap((rf) => rf.phrases))
    .flatMap((ph) => {
      const re = phraseToRegExp(ph);
      return re ? [re] : [];
    });
  return (text) => {
    const t = normalize(text).text;
    let hits = 0;
    for (const re of phrases) {
      re.lastIndex = 0;
      if (re.test(t)) hits++;
    }
    return hits;
  };
}

const NB_DIM = 1 << 18;

/** Multinomial naive Bayes (Laplace smoothing) over hashed character 1–3-grams; log-odds score. */
export function trainNaiveBayes(train: LabelledExample[]): Scorer {
  const counts = [new Float64Array(NB_DIM), new Float64Array(NB_DIM)] as const;
  const totals = new Float64Array(2);
  const docs = new Float64Array(2);
  for (const e of train) {
    const c = e.label === 'fraud' ? 1 : 0;
    docs[c] = (docs[c] as number) + 1;
    const { idx } = featurize(prepareForModel(normalize(e.text).text), NB_DIM, 1, 3);
    for (const k of idx) {
      counts[c][k] = (counts[c][k] as number) + 1;
      totals[c] = (totals[c] as number) + 1;
    }
  }
  const [n0, n1] = counts;
  const logPrior = Math.log((docs[1] as number) / (docs[0] as number));
  const denom0 = (totals[0] as number) + NB_DIM;
  const denom1 = (totals[1] as number) + NB_DIM;
  const weight = new Float32Array(NB_DIM);
  for (let k = 0; k < NB_DIM; k++) {
    weight[k] =
      Math.log(((n1[k] as number) + 1) / denom1) - Math.log(((n0[k] as number) + 1) / denom0);
  }
  return (text) => {
    const { idx } = featurize(prepareForModel(normalize(text).text), NB_DIM, 1, 3);
    let z = logPrior;
    for (const k of idx) z += weight[k] as number;
    return z;
  };
}

/** Recall and FPR of the best threshold whose FPR does not exceed `maxFpr`. */
export function recallAtFpr(
  scores: number[],
  labels: boolean[],
  maxFpr: number,
): { recall: number; falsePositiveRate: number } {
  const negatives = scores.filter((_, i) => !labels[i]).sort((a, b) => b - a);
  const positives = scores.filter((_, i) => labels[i]);
  if (negatives.length === 0 || positives.length === 0) return { recall: 0, falsePositiveRate: 0 };
  // Flag scores strictly above the (k+1)-th highest negative: at most k false positives (fewer
  // when scores tie there, as a keyword count often does).
  const k = Math.floor(maxFpr * negatives.length + 1e-9);
  const threshold = negatives[k] ?? -Infinity;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    recall: round(positives.filter((s) => s > threshold).length / positives.length),
    falsePositiveRate: round(negatives.filter((s) => s > threshold).length / negatives.length),
  };
}
