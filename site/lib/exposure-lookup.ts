/**
 * Looks a typed number, link, account or name up in the exposure blocklist. The person typing
 * doesn't say what kind of thing it is, so its key is computed as every kind (with the engine's
 * `blocklistKey`) and an entry matches when its own kind's key agrees. Pure: the exposure page
 * runs it in the browser, `/api/lookup` on the server.
 */
import { blocklistKey } from '../../bot/entity-key.ts';
import type { BlocklistEntry } from '../../bot/types.ts';
import { EXPOSURE_KIND_KEYS, type ExposureKind } from './taxonomy.ts';

/** The query's key as each kind; keys too short to mean anything are left out. */
export function lookupKeys(query: string): Map<ExposureKind, string> {
  const keys = new Map<ExposureKind, string>();
  if (!query.trim()) return keys;
  for (const kind of EXPOSURE_KIND_KEYS) {
    const key = blocklistKey(kind, query);
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
