/**
 * Approved exposure entries in the engine: public kinds join the blocklist, personal kinds the
 * server-only HMAC index; kept fresh after approvals, re-tagged at start when the key changed.
 */
import { entityKey as engineKey, isPersonalKind } from '../../bot/entity-key.ts';
import { mergeBlocklist } from '../../bot/knowledge.ts';
import type { BlocklistEntry, Knowledge } from '../../bot/types.ts';
import { EXPOSURE_KINDS } from '../../site/lib/taxonomy.ts';
import { SEALED } from '../security/pii-crypto.ts';
import type { ExposureRow } from '../store/types.ts';
import type { TipoffServiceDeps } from '../tipoff-service.ts';

/**
 * An approved exposure entry as the engine's blocklist entry. A personal entry's key is its HMAC
 * tag, which never leaves the server: the entry carries an opaque id instead.
 */
export function exposureToBlocklist(e: ExposureRow): BlocklistEntry {
  const entry: BlocklistEntry = {
    kind: e.kind,
    key: isPersonalKind(e.kind) ? `exposure:${e.id}` : e.key,
    display: e.display,
    note: e.publicNote,
    source: {
      title: `群众举报核实曝光：${EXPOSURE_KINDS[e.kind]}`,
      date: (e.publishedAt ?? e.updatedAt).slice(0, 10),
      href: '/exposure/',
    },
  };
  if (e.pattern) entry.pattern = e.pattern;
  return entry;
}

/**
 * Reloads the published entries (after approvals; at start; every minute): public kinds into the
 * engine's blocklist, personal ones into the HMAC index.
 */
export async function refreshBlocklist(deps: TipoffServiceDeps): Promise<void> {
  const rows = await deps.store.publishedExposures();
  deps.blocklist.entries = rows.filter((e) => !isPersonalKind(e.kind)).map(exposureToBlocklist);
  deps.personal.setApproved(
    rows
      .filter((e) => isPersonalKind(e.kind))
      .map((e) => ({ tag: e.key, entry: exposureToBlocklist(e) })),
  );
  deps.blocklist.loaded = true;
}

/**
 * At start: personal exposure entries whose key is not a tag under the current HMAC key (older
 * rows keyed by a plain SHA-256, or tagged under an earlier data key) get a fresh tag, recomputed
 * from their decrypted value, and their value re-sealed under it. A row that does not decrypt (a
 * wrong FANZHA_DATA_KEY) is left as it is and counted.
 */
export async function retagPersonalExposures(
  deps: TipoffServiceDeps,
): Promise<{ retagged: number; failed: number }> {
  let retagged = 0;
  let failed = 0;
  for (const row of await deps.store.listPersonalExposures()) {
    if (deps.personal.isCurrent(row.key) || !row.valueEnc) continue;
    let value: string;
    try {
      value = await deps.cipher.decrypt(row.valueEnc, SEALED.exposure(row.kind, row.key));
    } catch {
      failed++;
      continue;
    }
    const tag = deps.personal.tag(row.kind, engineKey(row.kind, value));
    const valueEnc = await deps.cipher.encrypt(value, SEALED.exposure(row.kind, tag));
    await deps.store.retagExposure(row.id, row.key, tag, valueEnc);
    retagged++;
  }
  return { retagged, failed };
}

/**
 * Wraps the engine's knowledge getter so approved exposure entries join the content notices in the
 * blocklist (mergeBlocklist); the merge is redone only when either side changes.
 */
export function withApprovedEntries(
  getKnowledge: () => Knowledge,
  getDeps: () => TipoffServiceDeps | undefined,
): () => Knowledge {
  let cache: { base: Knowledge; extra: BlocklistEntry[]; merged: Knowledge } | null = null;
  return () => {
    const base = getKnowledge();
    const extra = getDeps()?.blocklist.entries ?? [];
    if (extra.length === 0) return base;
    if (cache?.base !== base || cache.extra !== extra) {
      cache = { base, extra, merged: mergeBlocklist(base, extra) };
    }
    return cache.merged;
  };
}
