/**
 * Which numbers the site may turn into one-tap `tel:` links, and where numbers sit in content text.
 * A number dials only when the city's configuration (content/site.json) lists it and does not mark
 * it as a sample or a text-only line, so a made-up number can never ring a stranger. Pure: the
 * build's rehype step, the pages, the islands and the server share it.
 */
import { siteConfig } from './site-config.ts';

/** Only the digits (and a leading +), as a `tel:` link dials them. */
export function dialDigits(number: string): string {
  return number.replace(/[^\d+]/g, '');
}

/** How a number the city lists may be used. */
export type NumberUse = 'dial' | 'sample' | 'no-dial';

const known = new Map<string, NumberUse>();
for (const h of siteConfig.hotlines) known.set(dialDigits(h.number), h.sample ? 'sample' : 'dial');
for (const s of siteConfig.serviceNumbers)
  if (!known.has(dialDigits(s.number)))
    known.set(dialDigits(s.number), s.dial ? 'dial' : 'no-dial');

/** How content/site.json lets this number be used, or undefined when it is not listed. */
export function numberUse(number: string): NumberUse | undefined {
  return known.get(dialDigits(number));
}

/** True for a placeholder number of the sample deployment (never dialled). */
export function isSampleNumber(number: string): boolean {
  return numberUse(number) === 'sample';
}

/** The `tel:` URL for a listed, dialable number; undefined for samples, text-only lines, unknowns. */
export function telHref(number: string): string | undefined {
  return numberUse(number) === 'dial' ? `tel:${dialDigits(number)}` : undefined;
}

/** A phone number found in running text. */
export interface PhoneInText {
  start: number;
  end: number;
  /** The number as written. */
  text: string;
  /**
   * `caller-id` for "区号-96110": how a genuine 96110 call looks on screen, a description rather
   * than a number to dial (callers dial 96110 itself).
   */
  form: 'number' | 'caller-id';
}

// Numbers as content writes them: with an area code and a dash, international with +, mobile,
// 400/800 lines, and the short public numbers (110…, 95xxx/96xxx, 12xxx, 100xx). Amounts such as
// "100 元" are not numbers: short forms are only the emergency 110/119/120/122 and 5-digit codes.
const PHONE_IN_TEXT =
  /(?<![\d.,+-])(\+\d{1,3}(?:[ -]?\d){6,14}|0\d{2,3}-\d{5,8}|1[3-9]\d{9}|[48]00-?\d{3}-?\d{4}|11[09]|12[02]|9[56]\d{3}|12\d{3}|100\d{2})(?![\d.,]\d|\d)/g;

/** Every phone number in `text`, in order. */
export function findPhoneNumbers(text: string): PhoneInText[] {
  const out: PhoneInText[] = [];
  PHONE_IN_TEXT.lastIndex = 0;
  for (let m = PHONE_IN_TEXT.exec(text); m !== null; m = PHONE_IN_TEXT.exec(text)) {
    const found = m[1] as string;
    const form = /^0\d{2,3}-96110$/.test(found) ? 'caller-id' : 'number';
    out.push({ start: m.index, end: m.index + found.length, text: found, form });
  }
  return out;
}

/** Text split into plain runs and numbers, each number with its `tel:` URL when it may dial. */
export function splitPhoneText(text: string): { text: string; href?: string }[] {
  const parts: { text: string; href?: string }[] = [];
  let at = 0;
  for (const p of findPhoneNumbers(text)) {
    const href = p.form === 'number' ? telHref(p.text) : undefined;
    if (!href) continue;
    if (p.start > at) parts.push({ text: text.slice(at, p.start) });
    parts.push({ text: p.text, href });
    at = p.end;
  }
  if (at < text.length || parts.length === 0) parts.push({ text: text.slice(at) });
  return parts;
}
