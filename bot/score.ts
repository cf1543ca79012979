/**
 * Turns red flags and the model's probability into one 0–100 score and a level. Both speak the
 * same language: the model's log-odds plus a twentieth of the red flags' evidence. 可疑 needs
 * some of either; 高风险 needs strong red flags with the model agreeing, or a model that is very
 * sure. Listed numbers and links go straight to 高风险. The operating points were set on held-out
 * data so that false alarms stay well under 5% (README, “How accurate the checker is”).
 */
import type { FoundSignal } from './signals.ts';
import type { Level, Span } from './types.ts';

/** Score at or above which the level is 高风险. */
export const HIGH_RISK_AT = 70;
/** Score at or above which the level is 可疑. */
export const SUSPICIOUS_AT = 40;

/** Evidence worth one unit of the model's log-odds. */
const EVIDENCE_PER_LOGIT = 20;
/** Combined log-odds from which a message is 可疑. */
const SUSPICIOUS_Z = 0.8;
/** Combined log-odds from which a message is 高风险 on its red flags… */
const HIGH_Z_WITH_FLAGS = 2.5;
/** …when they add up to at least this much evidence; */
export const HIGH_FLAG_EVIDENCE = 30;
/** or from which it is 高风险 whatever the flags (a model this sure is rarely wrong). */
const HIGH_Z = 3.5;

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
    if (s.normSpans.length === 0) {
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
  /** Length of the analysed text. */
  textLength: number;
  /** Number of blocklisted entities found. */
  listedCount: number;
  /** The text has the shape of a bank 动账 notice, a code text or a police warning: never 高风险. */
  ordinaryNotice?: boolean | undefined;
}

/** The combined log-odds that the message is a scam (model without one: even odds). */
export function combinedLogOdds(evidence: number, modelProbability: number | undefined): number {
  const m = Math.min(1 - 1e-6, Math.max(1e-6, modelProbability ?? 0.5));
  return Math.log(m / (1 - m)) + evidence / EVIDENCE_PER_LOGIT;
}

/**
 * The score: 70–99 when 高风险, 40–69 when 可疑, below 40 otherwise, rising with the combined
 * log-odds within each band. A listed number or link gives at least 90.
 */
export function scoreOf(input: ScoreInput): number {
  if (input.textLength === 0 && input.listedCount === 0) return 0;
  const evidence = evidenceOf(input.signals);
  const z = combinedLogOdds(evidence, input.modelProbability);
  const high =
    !input.ordinaryNotice &&
    ((z >= HIGH_Z_WITH_FLAGS && evidence >= HIGH_FLAG_EVIDENCE) || z >= HIGH_Z);
  let score: number;
  if (high) score = Math.min(99, HIGH_RISK_AT + (z - HIGH_Z_WITH_FLAGS) * 5);
  else if (z >= SUSPICIOUS_Z)
    score = Math.min(
      HIGH_RISK_AT - 1,
      SUSPICIOUS_AT + ((z - SUSPICIOUS_Z) / (HIGH_Z - SUSPICIOUS_Z)) * 29,
    );
  else score = (SUSPICIOUS_AT - 2) / (1 + Math.exp(-(z - SUSPICIOUS_Z + 1.5)));
  if (input.listedCount > 0) score = Math.max(score, 90 + Math.min(8, 3 * input.listedCount));
  return Math.max(0, Math.min(100, Math.round(score)));
}
