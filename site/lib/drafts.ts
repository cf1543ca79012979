/**
 * Text carried from one page to the next in sessionStorage, never in a URL (a scam message or a
 * report must not land in history, logs or a Referer): one key per hand-over, read once and
 * removed. Storage may be blocked (private mode): then nothing is carried, and nothing breaks.
 */

/** The keys. public/theme.js cannot import this module and writes `check` itself (tested). */
export const DRAFT_KEYS = {
  /** The home page's paste box → /check/, which checks it once. */
  check: 'fanzha:check-draft',
  /** A checked message and its numbers → /report/, which pre-fills the form once. */
  report: 'fanzha:report-draft',
} as const;

export type DraftKey = keyof typeof DRAFT_KEYS;

/** Reads a draft and removes it; null when there is none or storage is blocked. */
export function takeDraft(key: DraftKey): string | null {
  try {
    const value = sessionStorage.getItem(DRAFT_KEYS[key]);
    sessionStorage.removeItem(DRAFT_KEYS[key]);
    return value;
  } catch {
    return null;
  }
}

/** Leaves a draft for the next page; false when storage is blocked. */
export function putDraft(key: DraftKey, value: string): boolean {
  try {
    sessionStorage.setItem(DRAFT_KEYS[key], value);
    return true;
  } catch {
    return false;
  }
}
