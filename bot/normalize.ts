/**
 * Text normalization for matching, without losing the way back: every normalized character
 * remembers the range of the ORIGINAL text it came from, so a red flag found in the cleaned-up
 * text can be highlighted in the words the user actually pasted.
 */
import { CHINESE_DIGITS, TLDS, TRADITIONAL_TO_SIMPLIFIED } from './normalize-tables.ts';
import type { Span } from './types.ts';

/** Normalized text plus, for each UTF-16 unit i of it, the original range [map[i], mapEnd[i]). */
export interface NormalizedText {
  text: string;
  /** Original start index of normalized unit i. */
  map: Int32Array;
  /** Original end index (exclusive) of normalized unit i. */
  mapEnd: Int32Array;
  /** Length of the original text. */
  originalLength: number;
}

/** Growable parallel typed arrays used while building; one entry per UTF-16 unit of output. */
interface Units {
  codes: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  length: number;
}

function createUnits(capacity: number): Units {
  const c = Math.max(16, capacity);
  return {
    codes: new Uint16Array(c),
    starts: new Int32Array(c),
    ends: new Int32Array(c),
    length: 0,
  };
}

function reserve(u: Units, extra: number): void {
  if (u.length + extra <= u.codes.length) return;
  const c = Math.max(u.codes.length * 2, u.length + extra);
  const codes = new Uint16Array(c);
  const starts = new Int32Array(c);
  const ends = new Int32Array(c);
  codes.set(u.codes.subarray(0, u.length));
  starts.set(u.starts.subarray(0, u.length));
  ends.set(u.ends.subarray(0, u.length));
  u.codes = codes;
  u.starts = starts;
  u.ends = ends;
}

function pushCode(u: Units, code: number, start: number, end: number): void {
  reserve(u, 1);
  u.codes[u.length] = code;
  u.starts[u.length] = start;
  u.ends[u.length] = end;
  u.length++;
}

function pushString(u: Units, s: string, start: number, end: number): void {
  for (let k = 0; k < s.length; k++) pushCode(u, s.charCodeAt(k), start, end);
}

/** Copies units [from, to) of `src` to the end of `dst`. */
function copyUnits(dst: Units, src: Units, from: number, to: number): void {
  if (to <= from) return;
  reserve(dst, to - from);
  dst.codes.set(src.codes.subarray(from, to), dst.length);
  dst.starts.set(src.starts.subarray(from, to), dst.length);
  dst.ends.set(src.ends.subarray(from, to), dst.length);
  dst.length += to - from;
}

function textOf(u: Units): string {
  let out = '';
  for (let i = 0; i < u.length; i += 8192) {
    // apply() takes a typed array as its argument list without spreading it through an iterator.
    out += String.fromCharCode.apply(
      null,
      u.codes.subarray(i, Math.min(u.length, i + 8192)) as unknown as number[],
    );
  }
  return out;
}

const TRADITIONAL_CODES = new Map<number, number>(
  Object.entries(TRADITIONAL_TO_SIMPLIFIED).map(([t, simple]) => [
    t.charCodeAt(0),
    simple.charCodeAt(0),
  ]),
);

/** True for CJK ideographs (the chars between which inserted separators are removed). */
export function isCjk(ch: string): boolean {
  return isCjkCode(ch.charCodeAt(0));
}

function isCjkCode(c: number): boolean {
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

function isInvisible(cp: number): boolean {
  return (
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    cp === 0xfeff ||
    cp === 0x00ad ||
    cp === 0x180e ||
    cp === 0x034f ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0000 && cp <= 0xe007f) ||
    (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
    cp === 0x20e3
  );
}

function isHeart(cp: number): boolean {
  return (
    cp === 0x2764 ||
    cp === 0x2665 ||
    cp === 0x2661 ||
    cp === 0x2763 ||
    (cp >= 0x1f493 && cp <= 0x1f49f) ||
    cp === 0x1f9e1 ||
    cp === 0x1f90d ||
    cp === 0x1f90e ||
    cp === 0x1f5a4 ||
    cp === 0x1fa75 ||
    cp === 0x1fa76 ||
    cp === 0x1fa77
  );
}

/** Emoji, dingbats, stars, arrows and geometric shapes: decoration, dropped when matching. */
function isDecorative(cp: number): boolean {
  return (
    (cp >= 0x1f000 && cp <= 0x1faff) ||
    (cp >= 0x2600 && cp <= 0x27bf) ||
    (cp >= 0x2b00 && cp <= 0x2bff) ||
    (cp >= 0x2190 && cp <= 0x21ff) ||
    (cp >= 0x25a0 && cp <= 0x25ff) ||
    (cp >= 0x2300 && cp <= 0x23ff) ||
    (cp >= 0x2500 && cp <= 0x257f) ||
    cp === 0x203b || // ※
    cp === 0x3030 ||
    cp === 0x303d
  );
}

// Separators people insert to split words past keyword filters (安 全 账 户, 安-全-账-户, 安*全).
// Sentence punctuation (，。！？) is not among them: removing it would glue clauses together.
const SEPARATOR_CODES = new Set(
  Array.from(' \t*_-.·•・/\\|~^+=#\'"`‐‑‒–—―﹣~', (c) => c.charCodeAt(0)),
);

const nfkcCache = new Map<string, string>();

/** NFKC (full-width → half-width, 𝟏 → 1, ① → 1) for one code point, cached. */
function compatibilityForm(ch: string): string {
  let out = nfkcCache.get(ch);
  if (out === undefined) {
    out = ch.normalize('NFKC');
    if (nfkcCache.size < 4096) nfkcCache.set(ch, out);
  }
  return out;
}

/** Pass 1, per code point: drop invisibles and decoration, NFKC, lowercase, traditional → simplified. */
function foldCharacters(original: string): Units {
  const u = createUnits(original.length + 16);
  let i = 0;
  while (i < original.length) {
    const cp = original.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const start = i;
    const end = i + width;
    i = end;
    if (cp < 0x80) {
      if (cp >= 0x41 && cp <= 0x5a) pushCode(u, cp + 32, start, end);
      else if (cp === 0x0d || cp === 0x0b || cp === 0x0c) pushCode(u, 0x20, start, end);
      else pushCode(u, cp, start, end);
      continue;
    }
    if (isCjkCode(cp)) {
      pushCode(u, TRADITIONAL_CODES.get(cp) ?? cp, start, end);
      continue;
    }
    if (isInvisible(cp)) continue;
    if (cp === 0x2795) {
      // ➕ as in "➕V": a plus sign, so "加微信" rules see it.
      pushCode(u, 0x2b, start, end);
      continue;
    }
    if (isHeart(cp)) {
      // 微❤ / V❤: the heart stands for 心 ≈ 信 ("xin"), a common way to write 微信 past filters.
      const prev = u.length > 0 ? u.codes[u.length - 1] : undefined;
      if (prev === 0x5fae || prev === 0x8587 || prev === 0x5a01 || prev === 0x76)
        pushCode(u, 0x4fe1, start, end);
      continue;
    }
    if (isDecorative(cp)) continue;
    const ch = original.slice(start, end);
    let folded = compatibilityForm(ch);
    if (/[A-Z]/.test(folded)) folded = folded.toLowerCase();
    if (folded === '\u3000') folded = ' ';
    for (const f of folded) {
      // NFKC of a CJK compatibility ideograph may itself be traditional.
      pushString(u, TRADITIONAL_TO_SIMPLIFIED[f] ?? f, start, end);
    }
  }
  return u;
}

/** Pass 2: remove separators inserted between CJK characters; collapse runs of spaces. */
function joinSplitWords(u: Units): Units {
  const out = createUnits(u.length);
  const n = u.length;
  let i = 0;
  while (i < n) {
    const c = u.codes[i] as number;
    if (SEPARATOR_CODES.has(c)) {
      let j = i;
      while (j < n && SEPARATOR_CODES.has(u.codes[j] as number)) j++;
      const prev = out.length > 0 ? (out.codes[out.length - 1] as number) : -1;
      const next = j < n ? (u.codes[j] as number) : -1;
      if (j - i <= 3 && isCjkCode(prev) && isCjkCode(next)) {
        i = j;
        continue;
      }
      // Digit groups split by spaces (138 1234 5678, 6222 0212 3456 7890) are joined further down.
      if (c === 0x20 || c === 0x09) {
        if (prev !== 0x20 && prev !== -1)
          pushCode(out, 0x20, u.starts[i] as number, u.ends[i] as number);
        i++;
        continue;
      }
    }
    pushCode(out, c, u.starts[i] as number, u.ends[i] as number);
    i++;
  }
  return out;
}

interface Replacement {
  pattern: RegExp;
  replace: (match: RegExpExecArray) => string;
}

/** Pass 3 rules, in order. Each match is replaced; the replacement maps to the matched range. */
const REPLACEMENTS: Replacement[] = [
  {
    // Digit groups split by single spaces, each ≥ 3 digits and ≥ 11 in all (phones, cards).
    pattern: /(?<![0-9])\d{3,}(?: \d{3,}){1,5}(?![0-9])/g,
    replace: (m) => {
      const joined = m[0].replace(/ /g, '');
      return joined.length >= 11 ? joined : m[0];
    },
  },
  {
    // Homophones and abbreviations of 微信 used to dodge keyword filters.
    pattern:
      /薇信|威信|维信|徽信|卫信|喂信|薇芯|威芯|微x(?![a-z])|v信|(?<![a-z0-9./@_-])(?:vx|wx|weixin|wechat|vchat)(?![a-z0-9./_-])/g,
    replace: () => '微信',
  },
  { pattern: /扣扣|抠抠|蔻蔻|企鹅号/g, replace: () => 'qq' },
  {
    // "abc点com", "abc。com", "abc dot com" → "abc.com".
    pattern: new RegExp(
      `(?<=[a-z0-9])\\s?(?:点|。|\\(dot\\)|\\[dot\\]|\\[\\.\\]|\\(\\.\\)|dot)\\s?(?=(?:${TLDS})(?![a-z]))`,
      'g',
    ),
    replace: () => '.',
  },
  { pattern: /(?<=(?:^|[^a-z0-9])www)\s?(?:点|。|dot)\s?(?=[a-z0-9])/g, replace: () => '.' },
  { pattern: /(?<=[a-z0-9])。(?=[a-z0-9]{2})/g, replace: () => '.' },
  {
    // Numbers written in Chinese digits (幺三八…) to hide them; only long runs, so 一二三 stays.
    pattern: /[0-9零〇一幺壹二贰三叁四肆五伍六陆七柒八捌九玖]{7,}/g,
    replace: (m) =>
      /[^0-9]/.test(m[0]) ? Array.from(m[0], (c) => CHINESE_DIGITS[c] ?? c).join('') : m[0],
  },
  {
    // "+V", "+微信", "+qq" → 加…
    pattern: /\+(?=\s?(?:微信|qq|v(?![a-z])))/g,
    replace: () => '加',
  },
];

function applyReplacements(u: Units): Units {
  let cur = u;
  let text = textOf(cur);
  for (const rule of REPLACEMENTS) {
    rule.pattern.lastIndex = 0;
    let out: Units | undefined;
    let last = 0;
    for (let m = rule.pattern.exec(text); m !== null; m = rule.pattern.exec(text)) {
      if (m[0].length === 0) {
        rule.pattern.lastIndex++;
        continue;
      }
      const rep = rule.replace(m);
      if (rep === m[0]) continue;
      const a = m.index;
      const b = a + m[0].length;
      out ??= createUnits(cur.length + 16);
      copyUnits(out, cur, last, a);
      if (rep.length === m[0].length) {
        // Same length: keep the per-character mapping (tighter spans).
        for (let k = 0; k < rep.length; k++) {
          pushCode(out, rep.charCodeAt(k), cur.starts[a + k] as number, cur.ends[a + k] as number);
        }
      } else {
        pushString(out, rep, cur.starts[a] as number, cur.ends[b - 1] as number);
      }
      last = b;
    }
    if (!out) continue;
    copyUnits(out, cur, last, cur.length);
    cur = out;
    text = textOf(cur);
  }
  return cur;
}

/**
 * Normalizes text for matching: full-width → half-width, invisible and decorative characters
 * dropped, split words joined, Latin lowercased, evasions (薇信/VX → 微信, 扣扣 → qq, 点com → .com,
 * 幺三八… → digits, traditional → simplified key terms) undone — keeping a map to the original.
 */
export function normalize(original: string): NormalizedText {
  const folded = foldCharacters(original);
  const joined = joinSplitWords(folded);
  const replaced = applyReplacements(joined);
  return {
    text: textOf(replaced),
    map: replaced.starts.slice(0, replaced.length),
    mapEnd: replaced.ends.slice(0, replaced.length),
    originalLength: original.length,
  };
}

/**
 * The reverse of `toOriginalSpan`: the normalized span covering an original span (its first and
 * last normalized units inside it; `map` never decreases, so the scan stops at the first unit past).
 */
export function originalToNormalized(n: NormalizedText, [os, oe]: Span): Span {
  let s = -1;
  let e = -1;
  for (let i = 0; i < n.map.length; i++) {
    const a = n.map[i] as number;
    if (a >= os && a < oe) {
      if (s === -1) s = i;
      e = i + 1;
    } else if (s !== -1 && a >= oe) break;
  }
  return s === -1 ? [0, 0] : [s, e];
}

/** Maps a normalized half-open span [start, end) to the original text. */
export function toOriginalSpan(n: NormalizedText, start: number, end: number): Span {
  const len = n.text.length;
  const s = Math.max(0, Math.min(start, len - 1));
  const e = Math.max(s + 1, Math.min(end, len));
  const os = n.map[s] ?? 0;
  let oe = os;
  for (let k = s; k < e; k++) oe = Math.max(oe, n.mapEnd[k] ?? oe);
  if (oe <= os) oe = Math.min(n.originalLength, os + 1);
  return [os, oe];
}

/**
 * The normalized text of a span with the ORIGINAL letter case restored where a character maps
 * one-to-one (URL paths and short-link codes are case-sensitive).
 */
export function originalCaseSlice(
  n: NormalizedText,
  original: string,
  start: number,
  end: number,
): string {
  let out = '';
  for (let k = start; k < end; k++) {
    const ch = n.text[k] as string;
    const s = n.map[k] as number;
    const e = n.mapEnd[k] as number;
    const src = original.slice(s, e);
    if (e - s === 1 && /[a-z]/.test(ch) && src.toLowerCase() === ch) out += src;
    else out += ch;
  }
  return out;
}
