/**
 * Builds the project's own training corpus from the family generators, deterministically from a
 * seed: about 20,000 messages of each class, with real senders' surface noise. Whole families are
 * held out as the dev split, so dev figures say how the engine does on a family it has never seen.
 */
import {
  LETTER_SHAPES,
  LETTER_SLOTS,
  ORDINARY_PUSH,
  SCAM_PUSH,
  type Family,
  type Label,
} from './family.ts';
import { bareSms, evasions, ocr, splitWords, strayEntities, traditional } from './noise.ts';
import { ORDINARY_FAMILIES } from './ordinary.ts';
import { SCAM_FAMILIES } from './scams.ts';
import { SHARED_SLOTS } from './slots.ts';
import { Gen, Rng, type Slot } from './template.ts';

/** One generated message. */
export interface CorpusMessage {
  text: string;
  label: Label;
  /** Family id; also written as `type` when the corpus is saved as labelled JSON lines. */
  family: string;
  form: 'sms' | 'chat' | 'letter';
}

/** Every family, scams first. */
export const FAMILIES: Family[] = [...SCAM_FAMILIES, ...ORDINARY_FAMILIES];

/**
 * Families held out of training for the dev split (about a fifth of each class), chosen so that
 * each has relatives in training, as a new variant of a known scam would in real life.
 */
export const DEV_FAMILIES: ReadonlySet<string> = new Set([
  'operator-points-phish',
  'court-summons',
  'customs-parcel',
  'product-quality-refund',
  'lucky-draw-prize',
  'teacher-fee',
  'ai-face-video',
  'like-follow-task',
  'online-gambling',
  'game-cheat-script',
  'fund-broker-notice',
  'utility-bill',
  'insurance-official',
  'cinema-event-ad',
  'community-notice',
  'second-hand-trade',
  'account-security',
]);

/** Corpus settings; the defaults make the committed model. */
export interface CorpusOptions {
  seed: number;
  /** Messages per class, spread evenly over the class's families. */
  perClass: number;
}

export const DEFAULT_CORPUS_OPTIONS: CorpusOptions = { seed: 20_260_501, perClass: 21_000 };

const COMMON_SLOTS: Record<string, Slot> = {
  ...SHARED_SLOTS,
  ...LETTER_SLOTS,
  login: ['[登录|登陆|登入|进入|访问|打开]'],
  soon: ['[今日|今天|明日|次日|近日|即日起|24小时内|三日内]'],
  bankTail: ['[{bankSign}|【{bankSign}】|{bank}|]'],
};

/** Tidies what template choices leave behind: doubled punctuation, stray spaces. */
function tidy(text: string): string {
  return text
    .replace(/([，。！？、：；])(?:[，。、：；])+/g, '$1')
    .replace(/，([！？。])/g, '$1')
    .replace(/^[，。、：；\s]+/, '')
    .replace(/[，、：；\s]+$/, '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\s+([，。！？])/g, '$1')
    .trim();
}

const FORM_WEIGHTS = { sms: 1, chat: 0.9, letter: 0.8 } as const;

function hasForm(f: Family, form: CorpusMessage['form']): boolean {
  return (f[form]?.length ?? 0) > 0 || (form === 'letter' && f.beats !== undefined);
}

function pickForm(f: Family, rng: Rng): CorpusMessage['form'] {
  const forms = (['sms', 'chat', 'letter'] as const).filter((k) => hasForm(f, k));
  const total = forms.reduce((n, k) => n + FORM_WEIGHTS[k], 0);
  let x = rng.next() * total;
  for (const k of forms) {
    x -= FORM_WEIGHTS[k];
    if (x < 0) return k;
  }
  return forms[forms.length - 1] as CorpusMessage['form'];
}

/** A longer message from the family's beats (or one of its letter templates). */
function composeLetter(f: Family, g: Gen): string {
  const beats = f.beats;
  if (!beats || (f.letter?.length && g.rng.chance(0.3))) return g.one(f.letter ?? []);
  const push =
    beats.push && g.rng.chance(0.6) ? beats.push : f.label === 'fraud' ? SCAM_PUSH : ORDINARY_PUSH;
  return g.with({ who: beats.who, hook: beats.hook, ask: beats.ask, push }).one(LETTER_SHAPES);
}

/** One message of a family in a given form, with the noise that form gets in real life. */
export function makeMessage(f: Family, form: CorpusMessage['form'], g: Gen): string {
  const r = g.rng;
  g.reset();
  const placeholders = form === 'letter' ? r.chance(0.35) : r.chance(0.04);
  const fg = g.with(f.slots, placeholders);
  let text = tidy(form === 'letter' ? composeLetter(f, fg) : fg.one(f[form] ?? []));
  if (form === 'sms') {
    if (r.chance(0.45)) {
      text = bareSms(text, fg);
      if (r.chance(0.35)) text = strayEntities(text, fg);
    }
    if (r.chance(0.15)) text = traditional(text, fg, r.pick([0.1, 0.3, 0.6]));
    if (r.chance(0.25)) text = evasions(text, fg, 0.7);
    if (r.chance(0.08)) text = splitWords(text, fg);
  } else if (form === 'chat') {
    if (r.chance(0.2)) text = evasions(text, fg, 0.7);
    if (r.chance(0.05)) text = traditional(text, fg, 0.3);
    if (r.chance(0.08)) text = ocr(text, fg);
    else if (r.chance(0.1))
      text = text
        .replace(/[，。！？、]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
  } else {
    if (r.chance(0.1)) text = evasions(text, fg, 0.5);
    if (r.chance(0.1)) text = text.replace(/[，、]/g, '');
  }
  return text;
}

/** `n` distinct messages of one family. */
export function generateFamily(f: Family, n: number, seed: number): CorpusMessage[] {
  const rng = new Rng(seed);
  const g = new Gen(rng, COMMON_SLOTS);
  const seen = new Set<string>();
  const out: CorpusMessage[] = [];
  for (let attempt = 0; out.length < n && attempt < n * 4; attempt++) {
    const form = pickForm(f, rng);
    const text = makeMessage(f, form, g);
    if (text.length < 4 || seen.has(text)) continue;
    seen.add(text);
    out.push({ text, label: f.label, family: f.id, form });
  }
  return out;
}

/** A stable 32-bit hash of a family id, so each family's stream does not depend on the others. */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The whole corpus: every family, both classes. */
export function generateCorpus(options: CorpusOptions = DEFAULT_CORPUS_OPTIONS): CorpusMessage[] {
  const out: CorpusMessage[] = [];
  for (const label of ['fraud', 'normal'] as const) {
    const families = FAMILIES.filter((f) => f.label === label);
    const per = Math.ceil(options.perClass / families.length);
    for (const f of families) out.push(...generateFamily(f, per, options.seed ^ hashId(f.id)));
  }
  return out;
}

/** Splits a corpus by family: held-out families are the dev split. */
export function splitByFamily(messages: CorpusMessage[]): {
  train: CorpusMessage[];
  dev: CorpusMessage[];
} {
  return {
    train: messages.filter((m) => !DEV_FAMILIES.has(m.family)),
    dev: messages.filter((m) => DEV_FAMILIES.has(m.family)),
  };
}

/**
 * Chat messages as read by OCR from a screenshot, from every family with a chat form (another
 * seed than the corpus, so the texts differ); `families` limits it, e.g. to the dev families.
 */
export function generateOcrSet(
  seed: number,
  perFamily: number,
  families: (f: Family) => boolean = () => true,
): CorpusMessage[] {
  const out: CorpusMessage[] = [];
  for (const f of FAMILIES) {
    if (!f.chat?.length || !families(f)) continue;
    const rng = new Rng(seed ^ hashId(f.id) ^ 0x5bd1e995);
    const g = new Gen(rng, COMMON_SLOTS);
    for (let i = 0; i < perFamily; i++) {
      g.reset();
      const fg = g.with(f.slots, false);
      const text = ocr(tidy(fg.one(f.chat)), fg);
      out.push({ text, label: f.label, family: f.id, form: 'chat' });
    }
  }
  return out;
}
