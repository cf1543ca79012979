/**
 * Turns red flags and the model's probability into one 0–100 score and a level. The flags carry
 * the verdict; the model can tip a borderline case, and alone reaches 可疑 at most unless it is
 * very sure. Listed numbers and links go straight to 高风险.
 */
import type { FoundSignal } from './signals.ts';
import type { Level, Span } from './types.ts';

/** Score at or above which the level is 高风险. */
export const HIGH_RISK_AT = 70;
/** Score at or above which the level is 可疑. */
export const SUSPICIOUS_AT = 40;

/** The level of a score. Never "safe": the lowest level only says nothing obvious was found. */
export function levelOf(score: number): Level {
  if (score >= HIGH_RISK_AT) return '高风险';
  if (score >= SUSPICIOUS_AT) return '可疑';
  return '未发现明显诈骗特征';
}

function covered(spans: Span[], by: Span[]): boolean {
  return spans.every(([s, e]) => by.some(([bs, be]) => bs <= s && e <= be));
}

/**
 * Sum of signal weights where evidence is counted once: a flag whose text is entirely inside the
 * text of a heavier flag already counted (the same words found by a tactic and by an explainer)
 * adds only a third of its weight. Co-occurrence bonuses always count in full.
 */
export function evidenceOf(signals: FoundSignal[]): number {
  const ordered = [...signals].sort((a, b) => b.weight - a.weight);
  const counted: Span[] = [];
  let total = 0;
  for (const s of ordered) {
    if (s.family === 'combo' || s.family === 'listed') {
      total += s.weight;
      continue;
    }
    total += covered(s.normSpans, counted) ? s.weight / 3 : s.weight;
    counted.push(...s.normSpans);
  }
  return total;
}

/** Inputs of the final score besides the signals. */
export interface ScoreInput {
  signals: FoundSignal[];
  /** The classifier's probability, or undefined when no model is used. */
  modelProbability?: number | undefined;
  /** Length of the analysed text (the model needs some text to be trusted alone). */
  textLength: number;
  /** Number of blocklisted entities found. */
  listedCount: number;
}

/**
 * score = rules part 100·(1 − e^(−evidence/50)), pushed up to 55% of the remaining way by a
 * confident model, or down by at most a quarter by a model sure it is ordinary. Without any red
 * flag the model alone gives at most 60 (可疑, and only from p ≈ 0.9), or 70 when it is very sure about a longer text.
 */
export function scoreOf(input: ScoreInput): number {
  const evidence = evidenceOf(input.signals);
  const m = input.modelProbability;
  let score: number;
  if (evidence <= 0) {
    if (m === undefined) score = 0;
    else if (m >= 0.995 && input.textLength >= 60) score = HIGH_RISK_AT;
    else score = m <= 0.5 ? 10 * m : 5 + 55 * (2 * m - 1) ** 2;
  } else {
    const rules = 100 * (1 - Math.exp(-evidence / 50));
    if (m === undefined) score = rules;
    else if (m >= 0.5) score = rules + (100 - rules) * 0.55 * (2 * m - 1);
    else score = rules * (1 - 0.25 * (1 - 2 * m));
  }
  if (input.listedCount > 0) score = Math.max(score, 90 + Math.min(8, 3 * input.listedCount));
  return Math.max(0, Math.min(100, Math.round(score)));
}
