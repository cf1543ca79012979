/**
 * Looks a typed number, link, app or id up in the public exposure blocklist. The person typing
 * doesn't say what kind of thing it is, so its key is computed as every public kind (with the
 * engine's `entityKey`) and an entry matches when its own kind's key agrees. Pure: the exposure
 * page runs it in the browser, `/api/lookup` on the server. Personal kinds (people's phones, ID and
 * bank card numbers) are not in the public list: only the server looks those up, within a budget.
 */
import { entityKey, isPersonalKind } from '../../bot/entity-key.ts';
import type { BlocklistEntry } from '../../bot/types.ts';
import { EXPOSURE_KIND_KEYS, type ExposureKind } from './taxonomy.ts';

/** Kinds anyone may match against the public list, in the browser or on the server. */
export const PUBLIC_KINDS: readonly ExposureKind[] = EXPOSURE_KIND_KEYS.filter(
  (k) => !isPersonalKind(k),
);

/** The query's key as each public kind; keys too short to mean anything are left out. */
export function lookupKeys(query: string): Map<ExposureKind, string> {
  const keys = new Map<ExposureKind, string>();
  if (!query.trim()) return keys;
  for (const kind of PUBLIC_KINDS) {
    const key = entityKey(kind, query);
    if (key.length >= 2) keys.set(kind, key);
  }
  return keys;
}

/** Entries of `blocklist` that match what was typed, without repeats. */
export function lookupExposure(blocklist: readonly BlocklistEntry[], query: string): BlocklistEntry[] {
  const keys = lookupKeys(query);
  const seen = new Set<string>();
  return blocklist.filter((e) => {
    const id = `${e.kind}|${e.key}`;
    if (keys.get(e.kind) !== e.key || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
