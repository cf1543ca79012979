/**
 * Masking of personal data wherever it is shown (PIPL art. 25: no public disclosure of personal
 * information). Scam lines, links and apps are not personal and stay readable; names, ID and card
 * numbers and people's own phone numbers are masked. The one module every page and API uses.
 * Public masks leave too little to guess from: a phone that kept 7 of its 11 digits was one of
 * 10,000 candidates, so the board shows a person's phone by its first 3 digits only and an ID
 * card by its region code only.
 */
import type { ExposureKind } from '../site/lib/taxonomy.ts';

const STAR = '*';

/** 张三 → 张*, 欧阳娜娜 → 欧***; a company name is kept, a person's is not. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return STAR;
  return chars[0] + STAR.repeat(chars.length - 1);
}

/** Keeps the last four digits/characters: 6222021234567890123 → ***************0123. */
export function maskKeepLast4(value: string): string {
  const chars = Array.from(value.replace(/\s+/g, ''));
  if (chars.length <= 4) return STAR.repeat(chars.length);
  return STAR.repeat(chars.length - 4) + chars.slice(-4).join('');
}

/**
 * A person's phone on the public board: the first 3 digits (the carrier's or the area's), the rest
 * hidden: 13812345678 → 138********. Together with the look-up budget that leaves ~10⁸ candidates.
 */
export function maskPersonPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '').replace(/^(?:0086|86)(?=1\d{10}$)/, '');
  if (digits.length <= 3) return STAR.repeat(digits.length);
  return digits.slice(0, 3) + STAR.repeat(digits.length - 3);
}

/** An ID card number shown by its region code only (the first 6 digits): 370123************. */
export function maskIdCard(value: string): string {
  const chars = Array.from(value.replace(/\s+/g, ''));
  if (chars.length <= 6) return STAR.repeat(chars.length);
  return chars.slice(0, 6).join('') + STAR.repeat(chars.length - 6);
}

/**
 * A citizen's own contact phone in moderators' lists: 13812345678 → 138****5678 (staff need to
 * tell callers apart; the public never sees these); other numbers keep only the last 4.
 */
export function maskContactPhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  const m = /^(?:\+?86)?(1\d{2})\d{4}(\d{4})$/.exec(digits);
  if (m) return `${m[1]}****${m[2]}`;
  return maskKeepLast4(digits);
}

/** Contact details typed by a citizen (phone, e-mail, WeChat id…), masked for lists. */
export function maskContact(contact: string): string {
  const s = contact.trim();
  if (/^[+\d\s-]{7,}$/.test(s)) return maskContactPhone(s);
  const at = s.indexOf('@');
  if (at > 0) return `${s[0]}***${s.slice(at)}`;
  if (s.length <= 2) return STAR.repeat(s.length);
  return `${s.slice(0, 1)}${STAR.repeat(Math.max(3, s.length - 2))}${s.slice(-1)}`;
}

/** Masks an exposure entry's value according to its kind; non-personal kinds are shown as they are. */
export function maskExposureValue(kind: ExposureKind, value: string): string {
  switch (kind) {
    case 'person':
      return maskName(value);
    case 'person-phone':
      return maskPersonPhone(value);
    case 'id-card':
      return maskIdCard(value);
    case 'account':
      return maskKeepLast4(value);
    default:
      return value;
  }
}
