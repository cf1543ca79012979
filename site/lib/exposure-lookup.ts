/**
 * Looks a typed number, link, account or name up in the exposure blocklist. The person typing
 * doesn't say what kind of thing it is, so every plausible kind is tried with the same
 * `entityKey` the engine uses. Pure: runs in the browser (static site) and on the server.
 */
import { entityKey, sha256Hex } from '../../bot/entity-key.ts';
import type { BlocklistEntry } from '../../bot/types.ts';
import { PERSONAL_KINDS, type ExposureKind } from './taxonomy.ts';

/** Kinds worth trying for what was typed. */
export function candidateKinds(query: string): ExposureKind[] {
  const q = query.trim();
  const digits = q.replace(/[\s-]/g, '');
  if (/^\+?\d{3,}$/.test(digits)) return ['phone', 'person-phone', 'account', 'qq', 'id-card'];
  if (/^\d{17}[\dxX]$/.test(digits)) return ['id-card'];
  if (/[.。]|点com|:\/\//i.test(q)) return ['url', 'app'];
  return ['app', 'wechat', 'qq', 'company', 'person', 'url'];
}

/** The lookup key for `value` as `kind`: hashed for personal kinds, like the blocklist. */
export function lookupKey(kind: ExposureKind, value: string): string {
  const key = entityKey(kind, value);
  return PERSONAL_KINDS.includes(kind) ? `sha256:${sha256Hex(key)}` : key;
}

/** Entries of `blocklist` that match what was typed. */
export function lookupExposure(blocklist: BlocklistEntry[], query: string): BlocklistEntry[] {
  if (!query.trim()) return [];
  const found = new Set<BlocklistEntry>();
  for (const kind of candidateKinds(query)) {
    const key = lookupKey(kind, query);
    if (!key || key === 'sha256:' + sha256Hex('')) continue;
    for (const e of blocklist) if (e.key === key && (e.kind === kind || sameFamily(e.kind, kind))) found.add(e);
  }
  return [...found];
}

// A phone number may be listed as a scam line or as a person's phone.
const sameFamily = (a: ExposureKind, b: ExposureKind) =>
  (a === 'phone' && b === 'person-phone') || (a === 'person-phone' && b === 'phone');
