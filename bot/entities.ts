/**
 * Extraction of the things a scam message asks you to act on: phone numbers, links, bank cards,
 * QQ/WeChat ids, sums of money, remote-control and meeting apps, and requests for 验证码.
 * Works on normalized text; every span points into the ORIGINAL text.
 */
import { APPS, SHORTENERS } from './entity-tables.ts';
import { TLDS as NORMALIZER_TLDS } from './normalize-tables.ts';
import type { Entities, Span } from './types.ts';
import { originalCaseSlice, toOriginalSpan, type NormalizedText } from './normalize.ts';

/** Entities plus ID-card numbers (kept apart from bank cards so they are not misread as cards). */
export interface ExtractedEntities extends Entities {
  idCards: { value: string; span: Span }[];
}

/** Luhn checksum (ISO/IEC 7812), which every UnionPay, Visa and Mastercard number passes. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Checks the GB 11643-1999 check digit of an 18-character resident ID number. */
export function isValidIdCard(id: string): boolean {
  const s = id.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (s.charCodeAt(i) - 48) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] === s[17];
}

interface Claimed {
  start: number;
  end: number;
}

function overlaps(claimed: Claimed[], start: number, end: number): boolean {
  return claimed.some((c) => start < c.end && c.start < end);
}

// Numbers: patterns run on normalized text (full-width digits, 幺三八 runs and spaced groups
// already folded). Separators inside numbers are single spaces or dashes.
const MOBILE =
  /(?<![0-9a-z])(?:(?:\+|00)?86[ -]?)?(?:\(\+?86\)[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?![0-9])/g;
const LANDLINE =
  /(?<![0-9a-z])(?:\(?(0(?:10|2\d))\)?[ -]?(\d{8})|\(?(0[3-9]\d{2})\)?[ -]?(\d{7,8}))(?![0-9])/g;
const SERVICE_400 = /(?<![0-9])([48]00)[ -]?(\d{3})[ -]?(\d{4})(?![0-9])/g;
const SERVICE_95 =
  /(?<![0-9a-z_.]|\d,)(95\d{3}(?:\d{3})?|96110|1(?:0086|0010|0000|0001|2306|2315|2345|2381|2321|2110))(?![0-9a-z_.%]|,\d{3}|\s?(?:元|块|万|千|米|分|人|个|次|年|号|步))/g;
const OVERSEAS = /(?<![0-9a-z])(?:\+|00)(?!86)([1-9]\d{0,2})[ -]?(\d(?:[ -]?\d){5,13})(?![0-9])/g;
const DIGIT_RUN = /(?<![0-9])\d(?:[ -]?\d){15,18}(?![0-9])/g;
const ID_CARD =
  /(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9x](?![0-9a-z])/g;

// Bare domains are found only under these endings: the normalizer's, plus a few shorteners use.
const TLDS = `${NORMALIZER_TLDS}|gd|gl|to|ws|example|invalid`;
const URL_WITH_SCHEME =
  /https?:\/\/[a-z0-9.-]+(?::\d{2,5})?(?:\/[a-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*)?/gi;
const BARE_DOMAIN = new RegExp(
  `(?<![a-z0-9@._-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${TLDS})(?![a-z0-9-])(?::\\d{2,5})?(?:/[a-z0-9\\-._~:/?#[\\]@!$&'()*+,;=%]*)?`,
  'gi',
);
const QQ = /qq(?:号码|号|群号|群)?\s?[:=]?\s?([1-9]\d{4,11})(?![0-9])/g;
const WECHAT =
  /(?:微信|加\s?v(?![a-z])|(?<![a-z])v(?=[:：]))(?:号|id)?(?:是|为)?\s?[:=]?\s?([a-z][-_a-z0-9]{5,19}|1[3-9]\d{9})(?![-_a-z0-9])/g;

// A request to hand over a one-time code, as opposed to an OTP text warning not to.
const CODE_OBJECT =
  '(?:短信)?(?:验证码|校验码|动态码|短信码|认证码|动态密码|授权码|(?:六|6|四|4)位(?:数字|数|码)|短信里(?:面)?的?(?:数字|号码|码))';
const CODE_RECIPIENT = '(?:我|我们|客服|工作人员|专员|这边|一下|下|出来)';
const CODE_VERB = '(?:告诉|发给?|报(?:给|一下)?|念|读|说|提供|转发|截图(?:发)?|回复|给)';
const CODE_REQUESTS = [
  new RegExp(
    `(?:把|将)[^。!?\\n,;]{0,12}?${CODE_OBJECT}[^。!?\\n;]{0,8}?${CODE_VERB}(?!给?(?:他人|别人|任何人|陌生人|其他人))(?:给)?${CODE_RECIPIENT}?`,
    'g',
  ),
  new RegExp(`${CODE_VERB}(?:给)?${CODE_RECIPIENT}[^。!?\\n,;]{0,6}?${CODE_OBJECT}`, 'g'),
  new RegExp(`${CODE_OBJECT}[^。!?\\n;]{0,8}?${CODE_VERB}(?:给)?${CODE_RECIPIENT}`, 'g'),
  new RegExp(`收到(?:的|了)?${CODE_OBJECT}(?:是)?(?:多少|几|什么)`, 'g'),
  new RegExp(`${CODE_VERB}[^。!?\\n;]{0,10}?收到的${CODE_OBJECT}`, 'g'),
  new RegExp(`${CODE_OBJECT}(?:是)?多少`, 'g'),
];
// In the same clause, these turn "tell me the code" into "never tell anyone the code".
const NEGATION_BEFORE =
  /(?:勿|不要|别|不能|不得|不会|绝不|决不|从不|严禁|切莫|谨防|警惕|凡是|任何人|防止|以免|拒绝)/;

/** True when the clause around [start, end) negates or warns about what was matched. */
export function isNegatedAt(text: string, start: number, end: number): boolean {
  let s = start;
  let steps = 0;
  while (s > 0 && steps < 10) {
    const ch = text[s - 1] as string;
    if (/[。!?;,\n，！？；]/.test(ch)) break;
    s--;
    steps++;
  }
  if (NEGATION_BEFORE.test(text.slice(s, start))) return true;
  const after = text.slice(end, end + 12);
  const clauseEnd = after.search(/[。!?;\n！？；]/);
  const tail = clauseEnd === -1 ? after : after.slice(0, clauseEnd);
  return /(?:都是|均为|均是|一律是|就是|是)(?:诈骗|骗子|骗局)|容易(?:被骗|上当|受骗)|会被骗/.test(
    tail,
  );
}

const CN_NUM: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Parses Chinese numerals such as 一万, 三千五, 十二万, 一百五十 (returns NaN when it cannot). */
export function parseChineseNumber(s: string): number {
  let total = 0;
  let section = 0;
  let digit = 0;
  let seen = false;
  for (const ch of s) {
    if (ch in CN_NUM) {
      digit = CN_NUM[ch] as number;
      seen = true;
    } else if (ch in CN_UNIT) {
      section += (digit || 1) * (CN_UNIT[ch] as number);
      digit = 0;
      seen = true;
    } else if (ch === '万' || ch === '亿') {
      const unit = ch === '万' ? 10_000 : 100_000_000;
      total = (total + section + digit) * unit;
      section = 0;
      digit = 0;
      seen = true;
    } else {
      return NaN;
    }
  }
  return seen ? total + section + digit : NaN;
}

const AMOUNT_ARABIC =
  /(?:(¥|￥|rmb|人民币)\s?)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s?(万元|万块|万|千元|千块|千|元|块钱|块|rmb)?(?![0-9])/g;
const AMOUNT_CHINESE =
  /([零〇一二两三四五六七八九十百千万亿]{1,8})(元|块钱|万块|万元)|([一二两三四五六七八九十][零〇一二两三四五六七八九十百千]{0,5})(万)(?!个|人|次|步|字|年|里|公里|多人|粉|份|张|件|条)/g;
const NOT_MONEY_AFTER =
  /^(?:米|克|斤|步|人|次|字|年|个|位|名|粉|公里|里|多人|赞|条|件|张|台|辆|平|户|家)/;

function scaleOf(unit: string | undefined): number {
  if (!unit) return 1;
  if (unit.startsWith('万')) return 10_000;
  if (unit.startsWith('千')) return 1_000;
  return 1;
}

/** No entities found: a fresh object each call, so callers may push into its arrays. */
export function emptyEntities(): Entities {
  return {
    phones: [],
    urls: [],
    bankCards: [],
    accounts: [],
    amounts: [],
    apps: [],
    verificationCodeRequests: [],
  };
}

/**
 * Extracts phones, links, bank cards, ID cards, QQ/WeChat ids, amounts, apps and 验证码
 * requests from normalized text; spans are in the original text.
 */
export function extractEntities(n: NormalizedText, original: string): ExtractedEntities {
  const t = n.text;
  const span = (s: number, e: number): Span => toOriginalSpan(n, s, e);
  const out: ExtractedEntities = { ...emptyEntities(), idCards: [] };
  const numberClaims: Claimed[] = [];

  // URLs first: digits inside a link are not phone numbers.
  const urlClaims: Claimed[] = [];
  for (const re of [URL_WITH_SCHEME, BARE_DOMAIN]) {
    re.lastIndex = 0;
    for (let m = re.exec(t); m !== null; m = re.exec(t)) {
      let raw = m[0];
      // Trailing sentence punctuation is not part of the link.
      raw = raw.replace(/[.,;:!?'")\]]+$/, '');
      const start = m.index;
      const end = start + raw.length;
      if (raw.length < 4 || overlaps(urlClaims, start, end)) continue;
      const value = originalCaseSlice(n, original, start, end);
      const withoutScheme = value.replace(/^https?:\/\//i, '');
      const slash = withoutScheme.indexOf('/');
      const hostPort = (slash === -1 ? withoutScheme : withoutScheme.slice(0, slash)).toLowerCase();
      const host = hostPort.replace(/:\d+$/, '');
      if (!/[a-z]/.test(host) && !/^https?:/i.test(value)) continue;
      const path = slash === -1 ? '' : withoutScheme.slice(slash);
      const bareHost = host.replace(/^www\./, '');
      const short =
        SHORTENERS.has(bareHost) ||
        (bareHost.length <= 6 && /^\/[A-Za-z0-9_-]{2,12}\/?$/.test(path));
      urlClaims.push({ start, end });
      out.urls.push({ value, host, short, span: span(start, end) });
    }
  }
  numberClaims.push(...urlClaims);

  // Long digit runs: ID cards, then bank cards (16–19 digits passing Luhn).
  ID_CARD.lastIndex = 0;
  for (let m = ID_CARD.exec(t); m !== null; m = ID_CARD.exec(t)) {
    const start = m.index;
    const end = start + m[0].length;
    if (overlaps(numberClaims, start, end) || !isValidIdCard(m[0])) continue;
    numberClaims.push({ start, end });
    out.idCards.push({ value: m[0].toUpperCase(), span: span(start, end) });
  }
  DIGIT_RUN.lastIndex = 0;
  for (let m = DIGIT_RUN.exec(t); m !== null; m = DIGIT_RUN.exec(t)) {
    const start = m.index;
    const end = start + m[0].length;
    const digits = m[0].replace(/[ -]/g, '');
    if (overlaps(numberClaims, start, end)) continue;
    if (digits.length < 16 || digits.length > 19 || !passesLuhn(digits)) continue;
    numberClaims.push({ start, end });
    out.bankCards.push({ value: digits, span: span(start, end) });
  }

  const addPhone = (
    kind: Entities['phones'][number]['kind'],
    value: string,
    start: number,
    end: number,
  ) => {
    if (overlaps(numberClaims, start, end)) return;
    numberClaims.push({ start, end });
    out.phones.push({ value, kind, span: span(start, end) });
  };
  OVERSEAS.lastIndex = 0;
  for (let m = OVERSEAS.exec(t); m !== null; m = OVERSEAS.exec(t)) {
    const digits = `${m[1]}${(m[2] as string).replace(/[ -]/g, '')}`;
    if (digits.length < 8 || digits.length > 15) continue;
    addPhone('overseas', `+${digits}`, m.index, m.index + m[0].length);
  }
  MOBILE.lastIndex = 0;
  for (let m = MOBILE.exec(t); m !== null; m = MOBILE.exec(t)) {
    addPhone('mobile', `${m[1]}${m[2]}${m[3]}`, m.index, m.index + m[0].length);
  }
  SERVICE_400.lastIndex = 0;
  for (let m = SERVICE_400.exec(t); m !== null; m = SERVICE_400.exec(t)) {
    addPhone('service', `${m[1]}-${m[2]}-${m[3]}`, m.index, m.index + m[0].length);
  }
  LANDLINE.lastIndex = 0;
  for (let m = LANDLINE.exec(t); m !== null; m = LANDLINE.exec(t)) {
    const area = m[1] ?? m[3];
    const local = m[2] ?? m[4];
    // A 96110 after an area code is the genuine anti-fraud line (e.g. 0635-96110): a service number.
    addPhone('landline', `${area}-${local}`, m.index, m.index + m[0].length);
  }
  SERVICE_95.lastIndex = 0;
  for (let m = SERVICE_95.exec(t); m !== null; m = SERVICE_95.exec(t)) {
    let start = m.index;
    // "0635-96110": keep the area code with the number.
    const area = /(0\d{2,3})[ -]?$/.exec(t.slice(Math.max(0, start - 6), start));
    let value = m[0];
    if (area && m[0] === '96110') {
      start -= area[0].length;
      value = `${area[1]}-96110`;
    }
    addPhone('service', value, start, m.index + m[0].length);
  }

  const accountClaims: Claimed[] = [];
  QQ.lastIndex = 0;
  for (let m = QQ.exec(t); m !== null; m = QQ.exec(t)) {
    const id = m[1] as string;
    const end = m.index + m[0].length;
    const start = end - id.length;
    accountClaims.push({ start, end });
    out.accounts.push({ kind: 'qq', value: id, span: span(start, end) });
  }
  WECHAT.lastIndex = 0;
  for (let m = WECHAT.exec(t); m !== null; m = WECHAT.exec(t)) {
    const id = m[1] as string;
    const end = m.index + m[0].length;
    const start = end - id.length;
    if (overlaps(accountClaims, start, end)) continue;
    accountClaims.push({ start, end });
    out.accounts.push({ kind: 'wechat', value: id, span: span(start, end) });
  }

  const amountClaims: Claimed[] = [];
  AMOUNT_ARABIC.lastIndex = 0;
  for (let m = AMOUNT_ARABIC.exec(t); m !== null; m = AMOUNT_ARABIC.exec(t)) {
    const currency = m[1];
    const unit = m[4];
    if (!currency && !unit) continue;
    const start = m.index;
    const end = start + m[0].length;
    if (overlaps(numberClaims, start, end) || overlaps(accountClaims, start, end)) continue;
    if (unit && (unit === '万' || unit === '千') && !currency && NOT_MONEY_AFTER.test(t.slice(end)))
      continue;
    const base = Number(`${(m[2] as string).replace(/,/g, '')}${m[3] ?? ''}`);
    const value = Math.round(base * scaleOf(unit) * 100) / 100;
    if (!Number.isFinite(value)) continue;
    amountClaims.push({ start, end });
    out.amounts.push({ value, text: original.slice(...span(start, end)), span: span(start, end) });
  }
  AMOUNT_CHINESE.lastIndex = 0;
  for (let m = AMOUNT_CHINESE.exec(t); m !== null; m = AMOUNT_CHINESE.exec(t)) {
    let numeral = (m[1] ?? m[3]) as string;
    let unit = (m[2] ?? m[4]) as string;
    if (unit.startsWith('万')) {
      numeral += '万';
      unit = '元';
    }
    const value = parseChineseNumber(numeral);
    const start = m.index;
    const end = start + m[0].length;
    if (!Number.isFinite(value) || value <= 0 || overlaps(amountClaims, start, end)) continue;
    amountClaims.push({ start, end });
    out.amounts.push({ value, text: original.slice(...span(start, end)), span: span(start, end) });
  }
  out.amounts.sort((a, b) => a.span[0] - b.span[0]);

  for (const app of APPS) {
    app.pattern.lastIndex = 0;
    for (let m = app.pattern.exec(t); m !== null; m = app.pattern.exec(t)) {
      out.apps.push({
        name: app.name,
        category: app.category,
        span: span(m.index, m.index + m[0].length),
      });
    }
  }
  out.apps.sort((a, b) => a.span[0] - b.span[0]);

  const codeClaims: Claimed[] = [];
  for (const re of CODE_REQUESTS) {
    re.lastIndex = 0;
    for (let m = re.exec(t); m !== null; m = re.exec(t)) {
      const start = m.index;
      const end = start + m[0].length;
      if (overlaps(codeClaims, start, end) || isNegatedAt(t, start, end)) continue;
      codeClaims.push({ start, end });
      out.verificationCodeRequests.push({ span: span(start, end) });
    }
  }
  out.verificationCodeRequests.sort((a, b) => a.span[0] - b.span[0]);
  out.urls.sort((a, b) => a.span[0] - b.span[0]);
  out.phones.sort((a, b) => a.span[0] - b.span[0]);
  return out;
}
