/**
 * THE entry of the scam-check engine: text + knowledge → verdict (level, score, pattern, red flags
 * with spans into the original text, entities, advice, blocklist hits). Pure and offline; runs in
 * the browser, at the edge and in Node, and never throws.
 */
import { adviceFor } from './advice.ts';
import { emptyEntities, extractEntities, type ExtractedEntities } from './entities.ts';
import { entityKey, isPersonalKind } from './entity-key.ts';
import { defaultModel } from './default-model.ts';
import { modelProbability, type Model } from './model.ts';
import {
  normalize,
  originalToNormalized,
  toOriginalSpan,
  type NormalizedText,
} from './normalize.ts';
import { evidenceOf, HIGH_FLAG_EVIDENCE, levelOf, scoreOf } from './score.ts';
import {
  findSignals,
  injectionSpans,
  ordinaryNoticeShape,
  phraseToRegExp,
  type FoundSignal,
} from './signals.ts';
import type {
  BlocklistEntry,
  Knowledge,
  PatternKnowledge,
  PersonalMatcher,
  Signal,
  Span,
  Verdict,
} from './types.ts';
import type { ExposureKind } from '../site/lib/taxonomy.ts';

/** Only the first this many characters are analysed: a pasted message is never longer, and work stays bounded. */
export const MAX_ANALYSED_CHARS = 20_000;

/** Options of `analyze`. */
export interface AnalyzeOptions {
  /** The person says they already transferred money: the advice starts with 110 and stop-payment. */
  paid?: boolean | undefined;
  /** The classifier to use; `null` for signals only. Defaults to the committed bot/model.json. */
  model?: Model | null | undefined;
  /** Server only: matches personal entries (people's phones, ID and card numbers) by HMAC. */
  matchPersonal?: PersonalMatcher | undefined;
}

interface BlocklistIndex {
  byKey: Map<string, BlocklistEntry[]>;
  kinds: Set<ExposureKind>;
  /** Apps and companies are found by name anywhere in the text. */
  names: { entry: BlocklistEntry; pattern: RegExp }[];
}

const indexCache = new WeakMap<Knowledge, BlocklistIndex>();

function indexBlocklist(knowledge: Knowledge): BlocklistIndex {
  const cached = indexCache.get(knowledge);
  if (cached) return cached;
  const byKey = new Map<string, BlocklistEntry[]>();
  const kinds = new Set<ExposureKind>();
  const names: BlocklistIndex['names'] = [];
  for (const e of knowledge.blocklist ?? []) {
    kinds.add(e.kind);
    const list = byKey.get(e.key) ?? [];
    list.push(e);
    byKey.set(e.key, list);
    if ((e.kind === 'app' || e.kind === 'company') && Array.from(e.key).length >= 3) {
      // Names are written with brackets like （示例）; match the name without them too.
      for (const name of new Set([e.key, e.key.replace(/[（(][^）)]*[）)]/g, '')])) {
        const re = Array.from(name).length >= 3 ? phraseToRegExp(name) : undefined;
        if (re) names.push({ entry: e, pattern: re });
      }
    }
  }
  const index = { byKey, kinds, names };
  indexCache.set(knowledge, index);
  return index;
}

interface ListedHit {
  entry: BlocklistEntry;
  normSpan: Span;
}

/**
 * Every blocklist entry found in the text, by exact key; personal kinds only through
 * `matchPersonal` (the server's), since the public knowledge never holds them.
 */
function findListed(
  n: NormalizedText,
  entities: ExtractedEntities,
  knowledge: Knowledge,
  matchPersonal: PersonalMatcher | undefined,
): ListedHit[] {
  const index = indexBlocklist(knowledge);
  if (index.byKey.size === 0 && !matchPersonal) return [];
  const hits: ListedHit[] = [];
  const seen = new Set<BlocklistEntry>();
  const tryKey = (kind: ExposureKind, value: string, normSpan: Span) => {
    const personal = isPersonalKind(kind);
    if (personal ? !matchPersonal : !index.kinds.has(kind)) return;
    const key = entityKey(kind, value);
    if (key.length < 2) return;
    const found = personal ? matchPersonal!(kind, key) : (index.byKey.get(key) ?? []);
    for (const entry of found) {
      if (entry.kind !== kind || seen.has(entry)) continue;
      seen.add(entry);
      hits.push({ entry, normSpan });
    }
  };

  for (const p of entities.phones) {
    const ns = originalToNormalized(n, p.span);
    tryKey('phone', p.value, ns);
    tryKey('person-phone', p.value, ns);
  }
  // Any run of digits: listed accounts need not pass Luhn, QQ ids need no "QQ" before them.
  const digitRun = /(?<![0-9])\+?\d(?:[ -]?\d){4,18}[x]?(?![0-9])/g;
  let runs = 0;
  for (let m = digitRun.exec(n.text); m !== null && runs < 60; m = digitRun.exec(n.text), runs++) {
    const value = m[0];
    const ns: Span = [m.index, m.index + value.length];
    const digits = value.replace(/[^0-9x]/g, '');
    tryKey('phone', value, ns);
    if (digits.length >= 11) tryKey('person-phone', value, ns);
    if (digits.length >= 8) tryKey('account', value, ns);
    if (digits.length >= 5 && digits.length <= 12) tryKey('qq', value, ns);
    if (digits.length === 18) tryKey('id-card', value, ns);
  }
  for (const u of entities.urls) {
    const ns = originalToNormalized(n, u.span);
    const key = entityKey('url', u.value);
    const slash = key.indexOf('/');
    const host = slash === -1 ? key : key.slice(0, slash);
    const segments = slash === -1 ? [] : key.slice(slash + 1).split('/');
    // The listed link, any shorter path of it, the bare host and its parent domains.
    for (let k = segments.length; k >= 0; k--)
      tryKey('url', [host, ...segments.slice(0, k)].join('/'), ns);
    const labels = host.split('.');
    for (let k = 1; k < labels.length - 1; k++) tryKey('url', labels.slice(k).join('.'), ns);
  }
  for (const a of entities.accounts) tryKey(a.kind, a.value, originalToNormalized(n, a.span));
  if (index.kinds.has('wechat')) {
    const token = /(?<![a-z0-9_-])[a-z][-_a-z0-9]{5,19}(?![a-z0-9_-])/g;
    for (let m = token.exec(n.text); m !== null; m = token.exec(n.text)) {
      tryKey('wechat', m[0], [m.index, m.index + m[0].length]);
    }
  }
  for (const c of entities.bankCards) tryKey('account', c.value, originalToNormalized(n, c.span));
  for (const c of entities.idCards) tryKey('id-card', c.value, originalToNormalized(n, c.span));
  for (const { entry, pattern } of index.names) {
    if (seen.has(entry)) continue;
    pattern.lastIndex = 0;
    const m = pattern.exec(n.text);
    if (m) {
      seen.add(entry);
      hits.push({ entry, normSpan: [m.index, m.index + m[0].length] });
    }
  }
  return hits;
}

const LISTED_LABEL: Record<ExposureKind, string> = {
  phone: '已被通报的诈骗电话',
  url: '已被通报的诈骗网址',
  app: '已被通报的诈骗APP',
  account: '已被通报的涉诈收款账户',
  qq: '已被通报的涉诈QQ号',
  wechat: '已被通报的涉诈微信号',
  company: '已被通报的涉诈公司',
  person: '已被通报的涉诈人员',
  'person-phone': '已被通报的涉诈电话',
  'id-card': '已被通报的涉诈身份证号',
};

function listedSignals(n: NormalizedText, hits: ListedHit[]): FoundSignal[] {
  const byKind = new Map<ExposureKind, ListedHit[]>();
  for (const h of hits) byKind.set(h.entry.kind, [...(byKind.get(h.entry.kind) ?? []), h]);
  return [...byKind].map(([kind, list]) => {
    const first = list[0] as ListedHit;
    const what =
      kind === 'url'
        ? '这个网址'
        : kind === 'phone' || kind === 'person-phone'
          ? '这个号码'
          : '这个' + (kind === 'app' ? 'APP' : '账号');
    const notices = [
      ...new Set(list.map((h) => `《${h.entry.source.title}》（${h.entry.source.date}）`)),
    ].join('、');
    const note = first.entry.note ? `用途：${first.entry.note}` : '';
    // Demo data must never read as a real police report, even inside a verdict.
    const sample = list.some((h) => h.entry.sample)
      ? '（这是演示用的示例数据，不是真实通报。）'
      : '';
    const normSpans = list.map((h) => h.normSpan);
    const spans = normSpans.map(([s, e]) => toOriginalSpan(n, s, e));
    const signal: FoundSignal = {
      id: `listed:${kind}`,
      label: LISTED_LABEL[kind],
      reason: `${what}已被公安机关通报为诈骗，见${notices}。${note}${sample}`,
      weight: 60,
      spans,
      normSpans,
      family: 'listed',
    };
    if (first.entry.pattern) signal.pattern = first.entry.pattern;
    return signal;
  });
}

/** The pattern with the most evidence, if there is enough of it. */
function choosePattern(signals: FoundSignal[], knowledge: Knowledge): PatternKnowledge | undefined {
  const evidence = new Map<string, number>();
  for (const s of signals) {
    if (!s.pattern) continue;
    evidence.set(s.pattern, (evidence.get(s.pattern) ?? 0) + s.weight);
  }
  let best: string | undefined;
  let bestScore = 0;
  for (const [slug, w] of evidence) {
    if (w > bestScore) {
      best = slug;
      bestScore = w;
    }
  }
  if (!best || bestScore < 15) return undefined;
  return (knowledge.patterns ?? []).find((p) => p.slug === best);
}

function publicSignal(s: FoundSignal): Signal {
  const out: Signal = {
    id: s.id,
    label: s.label,
    reason: s.reason,
    weight: s.weight,
    spans: s.spans,
  };
  if (s.pattern) out.pattern = s.pattern;
  return out;
}

/** From this probability the model's own judgement is shown as a red flag (it has no span). */
const MODEL_SIGNAL_AT = 0.9;

/**
 * The classifier's view as a red flag, so that a verdict it drives still says why. Its weight is
 * 0: the probability already counts in the score, and must not count twice.
 */
function modelSignal(p: number): FoundSignal {
  return {
    id: 'model',
    label: '整条消息的写法很像诈骗',
    reason: `它和大量已知诈骗消息的写法很像（统计模型判断，把握约 ${Math.floor(p * 100)}%）。请按下面的提示先核实，不要照着做。`,
    weight: 0,
    spans: [],
    normSpans: [],
    family: 'model',
  };
}

/**
 * The classifier's probability. Lines addressed to the checker must not talk it down, so when
 * there are any it is the highest of the text as it is and the text without them (cut by
 * sentence, by clause, or keeping only what lies between them).
 */
function probabilityOf(model: Model, text: string, injections: Span[]): number {
  const full = modelProbability(model, text);
  if (injections.length === 0) return full;
  const sorted = [...injections].sort((a, b) => a[0] - b[0]);
  const candidates = [
    withoutSpans(text, sentencesAround(text, sorted, /[。!?\n]/)),
    withoutSpans(text, sentencesAround(text, sorted, /[。!?\n,，;；]/)),
  ];
  let from = 0;
  for (const [s, e] of sorted) {
    candidates.push(text.slice(from, s));
    from = e;
  }
  candidates.push(text.slice(from));
  let best = full;
  for (const c of candidates) {
    if (c.trim().length >= 8) best = Math.max(best, modelProbability(model, c));
  }
  return best;
}

/** The whole sentences (or clauses) around the given spans. */
function sentencesAround(text: string, spans: Span[], end: RegExp): Span[] {
  return spans.map(([s, e]) => {
    let a = s;
    while (a > 0 && !end.test(text[a - 1] as string)) a--;
    let b = e;
    while (b < text.length && !end.test(text[b] as string)) b++;
    return [a, Math.min(text.length, b + 1)];
  });
}

/** The text with the given spans cut out. */
function withoutSpans(text: string, spans: Span[]): string {
  if (spans.length === 0) return text;
  let out = '';
  let last = 0;
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (s > last) out += text.slice(last, s);
    last = Math.max(last, e);
  }
  return out + text.slice(last);
}

/** The first MAX_ANALYSED_CHARS characters, without cutting a surrogate pair in half. */
function capText(text: string): string {
  if (text.length <= MAX_ANALYSED_CHARS) return text;
  let end = MAX_ANALYSED_CHARS;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return text.slice(0, end);
}

function analyzeUnsafe(rawText: string, knowledge: Knowledge, options: AnalyzeOptions): Verdict {
  const text = capText(rawText);
  const hotlines = knowledge.hotlines;
  if (text.trim() === '') {
    return {
      level: '未发现明显诈骗特征',
      score: 0,
      signals: [],
      entities: emptyEntities(),
      advice: adviceFor({
        level: '未发现明显诈骗特征',
        paid: options.paid,
        reasons: [],
        listed: false,
        empty: true,
        hotlines,
      }),
      source: 'engine',
    };
  }
  const n = normalize(text);
  const extracted = extractEntities(n, text);
  const signals = findSignals(n, extracted, knowledge);
  const hits = findListed(n, extracted, knowledge, options.matchPersonal);
  signals.push(...listedSignals(n, hits));

  const model = options.model === undefined ? defaultModel() : options.model;
  // Lines addressed to the checker are flagged, and cannot talk the probability down.
  const probability = model ? probabilityOf(model, n.text, injectionSpans(signals)) : undefined;
  if (probability !== undefined && probability >= MODEL_SIGNAL_AT)
    signals.push(modelSignal(probability));
  const score = scoreOf({
    signals,
    modelProbability: probability,
    textLength: n.text.length,
    listedCount: hits.length,
    // Only when the notice itself is the message: not when a scam borrows a warning line, nor
    // when a line tries to talk the checker down.
    ordinaryNotice:
      ordinaryNoticeShape(n.text, extracted) &&
      !signals.some((s) => s.id === 'prompt-injection') &&
      evidenceOf(signals) < HIGH_FLAG_EVIDENCE,
  });
  const level = levelOf(score);
  const pattern = level === '未发现明显诈骗特征' ? undefined : choosePattern(signals, knowledge);

  const ordered = [...signals].sort(
    (a, b) => b.weight - a.weight || (a.spans[0]?.[0] ?? 0) - (b.spans[0]?.[0] ?? 0),
  );
  const { idCards, ...entities } = extracted;
  const verdict: Verdict = {
    level,
    score,
    signals: ordered.map(publicSignal),
    entities: idCards.length > 0 ? { ...entities, idCards } : entities,
    advice: adviceFor({
      level,
      pattern,
      paid: options.paid,
      reasons: ordered.filter((s) => s.family !== 'combo' && s.weight >= 10).map((s) => s.reason),
      listed: hits.length > 0,
      empty: false,
      hotlines,
    }),
    source: 'engine',
  };
  if (pattern) verdict.pattern = { slug: pattern.slug, title: pattern.title };
  if (hits.length > 0) verdict.listed = hits.map((h) => h.entry);
  return verdict;
}

/**
 * Checks a message: how risky it is (高风险 / 可疑 / 未发现明显诈骗特征 — never "safe"), which scam
 * pattern it looks like, which phrases are red flags (spans into `text`), and what to do now.
 * Never throws: on an internal error it answers 可疑 and says to ask 96110.
 */
export function analyze(text: string, knowledge: Knowledge, options: AnalyzeOptions = {}): Verdict {
  const input = typeof text === 'string' ? text : String(text ?? '');
  const safeKnowledge: Knowledge = knowledge ?? { version: 'none', patterns: [], blocklist: [] };
  try {
    return analyzeUnsafe(input, safeKnowledge, options ?? {});
  } catch {
    return {
      level: '可疑',
      score: 40,
      signals: [],
      entities: emptyEntities(),
      advice: [
        '这次没能完成自动检查。请先不要转账、不要给验证码。',
        `拿不准的时候，拨打 96110 反诈专线问一问；已经转账的，立即拨打 110。`,
      ],
      source: 'engine',
    };
  }
}
