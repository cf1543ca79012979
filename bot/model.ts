/**
 * A small statistical text classifier (logistic regression over hashed character 1–3-grams) that
 * adds a probability to the explainable signals. Loads the committed bot/model.json; pure.
 */
import { normalize } from './normalize.ts';

/** The serialized model (bot/model.json). */
export interface ModelFile {
  format: 'fanzha-logreg/1';
  /** Size of the hashed feature space (a power of two). */
  dim: number;
  /** Shortest and longest character n-gram. */
  ngrams: [number, number];
  bias: number;
  /** Weight of feature i is `int8[i] * scale`. */
  scale: number;
  /** Int8 weights, base64. */
  weights: string;
  /** Where the training data came from, and the dev-set figures when it was trained. */
  meta?: Record<string, unknown>;
}

/** A loaded model, ready to score. */
export interface Model {
  dim: number;
  minN: number;
  maxN: number;
  bias: number;
  weights: Float32Array;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes base64 without atob/Buffer, so the same code runs in every runtime. */
export function decodeBase64(s: string): Uint8Array {
  const clean = s.replace(/[^A-Za-z0-9+/]/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    value = (value << 6) | BASE64.indexOf(clean[i] as string);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (o < out.length) out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/** Encodes bytes as base64 (used by the trainer; here so encoder and decoder stay together). */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += BASE64[a >> 2];
    out += BASE64[((a & 3) << 4) | ((b ?? 0) >> 4)];
    out += b === undefined ? '=' : BASE64[((b & 15) << 2) | ((c ?? 0) >> 6)];
    out += c === undefined ? '=' : BASE64[c & 63];
  }
  return out;
}

/** Turns a serialized model into a scorer. */
export function loadModel(file: ModelFile): Model {
  const bytes = decodeBase64(file.weights);
  const weights = new Float32Array(file.dim);
  for (let i = 0; i < file.dim && i < bytes.length; i++) {
    const q = (bytes[i] as number) > 127 ? (bytes[i] as number) - 256 : (bytes[i] as number);
    weights[i] = q * file.scale;
  }
  return { dim: file.dim, minN: file.ngrams[0], maxN: file.ngrams[1], bias: file.bias, weights };
}

/**
 * The text the classifier sees, from NORMALIZED text: speaker labels of dialogues ("A：", "B：")
 * removed so the phone-call corpus's markup teaches nothing, digits folded to 0, spaces collapsed.
 */
export function prepareForModel(normalizedText: string): string {
  return normalizedText
    .replace(/(^|\n)[ \t]*[a-z甲乙][ \t]*:/g, '$1')
    .replace(/[0-9]/g, '0')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Hashed, log-scaled, L2-normalized character n-gram features of already-prepared text. Returned
 * as parallel index/value arrays; long and short texts weigh the same after normalizing.
 */
export function featurize(
  prepared: string,
  dim: number,
  minN: number,
  maxN: number,
): { idx: number[]; val: number[] } {
  const s = `\u0002${prepared}\u0003`;
  const counts = new Float64Array(dim);
  const idx: number[] = [];
  const mask = dim - 1;
  for (let i = 0; i < s.length; i++) {
    let h = 0x811c9dc5;
    for (let n = 1; n <= maxN && i + n <= s.length; n++) {
      // FNV-1a, extended one character at a time; salted with n so n-grams of different sizes differ.
      h = Math.imul(h ^ s.charCodeAt(i + n - 1), 0x01000193);
      if (n < minN) continue;
      const k = ((h >>> 0) ^ Math.imul(n, 0x9e3779b1)) & mask;
      if (counts[k] === 0) idx.push(k);
      counts[k] = (counts[k] as number) + 1;
    }
  }
  const val: number[] = new Array<number>(idx.length);
  let norm = 0;
  for (let i = 0; i < idx.length; i++) {
    const v = Math.log1p(counts[idx[i] as number] as number);
    val[i] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < val.length; i++) val[i] = (val[i] as number) / norm;
  return { idx, val };
}

/** Probability (0–1) that a message is a scam, by the statistical model alone, from normalized text. */
export function modelProbability(model: Model, normalizedText: string): number {
  const prepared = prepareForModel(normalizedText);
  if (prepared.length === 0) return 0;
  const { idx, val } = featurize(prepared, model.dim, model.minN, model.maxN);
  let z = model.bias;
  for (let i = 0; i < idx.length; i++)
    z += (model.weights[idx[i] as number] as number) * (val[i] as number);
  return 1 / (1 + Math.exp(-z));
}

/** Same as `modelProbability`, from raw text. */
export function modelProbabilityOfText(model: Model, text: string): number {
  return modelProbability(model, normalize(text).text);
}
