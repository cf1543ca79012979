/** Retention: personal data of closed cases goes after FANZHA_RETENTION_DAYS (180 by default). */
import type { TipoffServiceDeps } from '../tipoff-service.ts';

/** Clears contact details and screenshots of cases closed longer than the retention period. */
export async function purgeExpired(deps: TipoffServiceDeps, now: Date = deps.now()) {
  const cutoff = new Date(now.getTime() - deps.retentionDays * 86_400_000).toISOString();
  const res = await deps.store.purgeExpired(cutoff, now.toISOString());
  for (const f of res.files) await deps.files.remove(f).catch(() => undefined);
  return { tipoffs: res.tipoffs, files: res.files.length };
}
