/**
 * Text normalization for matching, without losing the way back: every normalized character
 * remembers the range of the ORIGINAL text it came from, so a red flag found in the cleaned-up
 * text can be highlighted in the words the user actually pasted.
 */
import type { Span } from './types.ts';

/** Normalized text plus, for each UTF-16 unit i of it, the original range [map[i], mapEnd[i]). */
export interface NormalizedText {
  text: string;
  /** Original start index of normalized unit i. */
  map: number[];
  /** Original end index (exclusive) of normalized unit i. */
  mapEnd: number[];
  /** Length of the original text. */
  originalLength: number;
}

/** Mutable parallel arrays used while building; one entry per UTF-16 unit of output. */
interface Units {
  chars: string[];
  starts: number[];
  ends: number[];
}

// Traditional (and variant) forms of the words fraudsters use, one character each, so the
// mapping stays one-to-one. Chosen for the key terms only: a full converter is not needed to
// match 帳戶/轉賬/驗證碼/凍結 and would weigh more than the whole engine.
const TRADITIONAL_TO_SIMPLIFIED: Record<string, string> = Object.fromEntries(
  [
    '帳账', '賬账', '戶户', '號号', '轉转', '驗验', '證证', '碼码', '凍冻', '結结', '匯汇', '銀银',
    '詐诈', '騙骗', '檢检', '緝缉', '錢钱', '資资', '認认', '點点', '擊击', '鏈链', '載载', '貸贷',
    '續续', '費费', '徵征', '賠赔', '償偿', '獎奖', '積积', '兌兑', '換换', '機机', '醫医', '監监',
    '調调', '會会', '議议', '遠远', '穩稳', '賺赚', '紅红', '單单', '傭佣', '墊垫', '領领', '導导',
    '務务', '員员', '險险', '關关', '們们', '這这', '個个', '為为', '請请', '聯联', '繫系', '電电',
    '話话', '親亲', '媽妈', '爺爷', '兒儿', '孫孙', '學学', '額额', '貨货', '網网', '頁页', '訊讯',
    '執执', '違违', '規规', '罰罚', '緊紧', '讓让', '給给', '發发', '對对', '時时', '間间', '還还',
    '過过', '來来', '說说', '將将', '國国', '際际', '實实', '當当', '動动', '開开', '處处', '據据',
    '護护', '註注', '銷销', '幣币', '騰腾', '釘钉', '螢屏', '營营', '業业', '級级', '複复', '慮虑',
    '愛爱', '車车', '禍祸', '補补',
    '飛飞', '航航', '誤误', '歸归', '倉仓', '庫库', '購购', '買买', '賣卖', '價价', '優优', '惠惠',
    '團团', '隊队', '軍军', '憑凭', '齡龄', '職职', '稅税', '盜盗',
  ].map((pair) => [pair[0] as string, pair[1] as string]),
);

/** Chinese digits as read out in phone numbers (幺 = 1), converted only in long runs. */
const CHINESE_DIGITS: Record<string, string> = {
  零: '0', 〇: '0', 一: '1', 幺: '1', 壹: '1', 二: '2', 贰: '2', 三: '3', 叁: '3', 四: '4',
  肆: '4', 五: '5', 伍: '5', 六: '6', 陆: '6', 七: '7', 柒: '7', 八: '8', 捌: '8', 九: '9',
  玖: '9',
};

/** True for CJK ideographs (the chars between which inserted separators are removed). */
export function isCjk(ch: string): boolean {
  const c = ch.charCodeAt(0);
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
    cp === 0x2764 || cp === 0x2665 || cp === 0x2661 || cp === 0x2763 ||
    (cp >= 0x1f493 && cp <= 0x1f49f) || cp === 0x1f9e1 || cp === 0x1f90d || cp === 0x1f90e ||
    cp === 0x1f5a4 || cp === 0x1fa75 || cp === 0x1fa76 || cp === 0x1fa77
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
const SEPARATOR = /[ \t*_\-.·•・/\\|~^+=#'"`‐‑‒–—―﹣~]/;

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

function push(u: Units, s: string, start: number, end: number): void {
  for (let k = 0; k < s.length; k++) {
    u.chars.push(s[k] as string);
    u.starts.push(start);
    u.ends.push(end);
  }
}

/** Pass 1, per code point: drop invisibles and decoration, NFKC, lowercase, traditional → simplified. */
function foldCharacters(original: string): Units {
  const u: Units = { chars: [], starts: [], ends: [] };
  let i = 0;
  while (i < original.length) {
    const cp = original.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const start = i;
    const end = i + width;
    i = end;
    if (isInvisible(cp)) continue;
    if (cp === 0x2795) {
      // ➕ as in "➕V": a plus sign, so "加微信" rules see it.
      push(u, '+', start, end);
      continue;
    }
    if (isHeart(cp)) {
      // 微❤ / V❤: the heart stands for 心 ≈ 信 ("xin"), a common way to write 微信 past filters.
      const prev = u.chars[u.chars.length - 1];
      if (prev === '微' || prev === '薇' || prev === '威' || prev === 'v') push(u, '信', start, end);
      continue;
    }
    if (isDecorative(cp)) continue;
    let ch = width === 2 ? original.slice(start, end) : (original[start] as string);
    if (cp < 0x80) {
      if (cp >= 0x41 && cp <= 0x5a) ch = ch.toLowerCase();
      else if (cp === 0x0d || cp === 0x0b || cp === 0x0c) ch = ' ';
      push(u, ch, start, end);
      continue;
    }
    if (isCjk(ch)) {
      push(u, TRADITIONAL_TO_SIMPLIFIED[ch] ?? ch, start, end);
      continue;
    }
    let folded = compatibilityForm(ch);
    if (/[A-Z]/.test(folded)) folded = folded.toLowerCase();
    if (folded === '\u3000') folded = ' ';
    for (const f of folded) {
      // NFKC of a CJK compatibility ideograph may itself be traditional.
      const simple = TRADITIONAL_TO_SIMPLIFIED[f] ?? f;
      push(u, simple, start, end);
    }
  }
  return u;
}

/** Pass 2: remove separators inserted between CJK characters; collapse runs of spaces. */
function joinSplitWords(u: Units): Units {
  const out: Units = { chars: [], starts: [], ends: [] };
  const n = u.chars.length;
  let i = 0;
  while (i < n) {
    const ch = u.chars[i] as string;
    if (SEPARATOR.test(ch)) {
      let j = i;
      while (j < n && SEPARATOR.test(u.chars[j] as string)) j++;
      const prev = out.chars[out.chars.length - 1];
      const next = u.chars[j];
      const runLength = j - i;
      if (prev !== undefined && next !== undefined && runLength <= 3 && isCjk(prev) && isCjk(next)) {
        i = j;
        continue;
      }
      // Digit groups split by spaces (138 1234 5678, 6222 0212 3456 7890) are joined further down.
      if (ch === ' ' || ch === '\t') {
        if (prev === ' ' || prev === undefined) {
          i++;
          continue;
        }
        out.chars.push(' ');
        out.starts.push(u.starts[i] as number);
        out.ends.push(u.ends[i] as number);
        i++;
        continue;
      }
    }
    out.chars.push(ch);
    out.starts.push(u.starts[i] as number);
    out.ends.push(u.ends[i] as number);
    i++;
  }
  return out;
}

interface Replacement {
  pattern: RegExp;
  replace: (match: RegExpExecArray) => string;
}

const TLDS =
  'com|cn|net|org|top|xyz|vip|cc|me|io|info|shop|club|site|online|app|hk|tk|co|ltd|link|live|fun|icu|cyou|buzz|asia|wang|ink|pro|biz|tv|la|ly|im|so|ren|work|store|tech|mobi|win|bid|red|xin';

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
      /[^0-9]/.test(m[0])
        ? Array.from(m[0], (c) => CHINESE_DIGITS[c] ?? c).join('')
        : m[0],
  },
  {
    // "+V", "+微信", "+qq" → 加…
    pattern: /\+(?=\s?(?:微信|qq|v(?![a-z])))/g,
    replace: () => '加',
  },
];

function applyReplacements(u: Units): Units {
  let cur = u;
  for (const rule of REPLACEMENTS) {
    const text = cur.chars.join('');
    rule.pattern.lastIndex = 0;
    let m: RegExpExecArray | null;
    let last = 0;
    let changed = false;
    const out: Units = { chars: [], starts: [], ends: [] };
    while ((m = rule.pattern.exec(text)) !== null) {
      if (m[0].length === 0) {
        rule.pattern.lastIndex++;
        continue;
      }
      const a = m.index;
      const b = a + m[0].length;
      const rep = rule.replace(m);
      if (rep === m[0]) continue;
      changed = true;
      for (let k = last; k < a; k++) {
        out.chars.push(cur.chars[k] as string);
        out.starts.push(cur.starts[k] as number);
        out.ends.push(cur.ends[k] as number);
      }
      if (rep.length === m[0].length) {
        // Same length: keep the per-character mapping (tighter spans).
        for (let k = 0; k < rep.length; k++) {
          out.chars.push(rep[k] as string);
          out.starts.push(cur.starts[a + k] as number);
          out.ends.push(cur.ends[a + k] as number);
        }
      } else {
        const s = cur.starts[a] as number;
        const e = cur.ends[b - 1] as number;
        for (let k = 0; k < rep.length; k++) {
          out.chars.push(rep[k] as string);
          out.starts.push(s);
          out.ends.push(e);
        }
      }
      last = b;
    }
    if (!changed) continue;
    for (let k = last; k < cur.chars.length; k++) {
      out.chars.push(cur.chars[k] as string);
      out.starts.push(cur.starts[k] as number);
      out.ends.push(cur.ends[k] as number);
    }
    cur = out;
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
    text: replaced.chars.join(''),
    map: replaced.starts,
    mapEnd: replaced.ends,
    originalLength: original.length,
  };
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
export function originalCaseSlice(n: NormalizedText, original: string, start: number, end: number): string {
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
