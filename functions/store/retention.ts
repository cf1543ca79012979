/**
 * Retention: personal data of closed cases goes after the retention period (FANZHA_RETENTION_DAYS),
 * and attachment files without a row are found at start.
 */
import { writeAudit } from './audit.ts';
import { placeholders, type SqlContext } from './sql-context.ts';

export interface RetentionRecords {
  /**
   * Deletes, for cases closed before `cutoff`: contact details, the description, entities (and
   * grouping keys no other report uses), the citizen's added text and attachments; returns files
   * to delete.
   */
  purgeExpired(cutoff: string, at: string): Promise<{ tipoffs: number; files: string[] }>;
  /** Every attachment's storage name, for cleaning orphan files at start. */
  listStorageNames(): Promise<Set<string>>;
}

export function retentionRecords({ db }: SqlContext): RetentionRecords {
  return {
    async purgeExpired(cutoff, at) {
      return db.tx(async (q) => {
        const due = await q.all<{ id: string }>(
          `SELECT id FROM tipoffs WHERE closed_at IS NOT NULL AND closed_at < ?
             AND (contact_enc IS NOT NULL OR purged_at IS NULL OR description_enc <> ''
               OR EXISTS (SELECT 1 FROM attachments a WHERE a.tipoff_id = tipoffs.id)
               OR EXISTS (SELECT 1 FROM tipoff_entities e WHERE e.tipoff_id = tipoffs.id))`,
          [cutoff],
        );
        const files: string[] = [];
        for (let i = 0; i < due.length; i += 200) {
          const ids = due.slice(i, i + 200).map((r) => String(r.id));
          const ph = placeholders(ids.length);
          const names = await q.all(
            `SELECT storage_name FROM attachments WHERE tipoff_id IN (${ph})`,
            ids,
          );
          files.push(...names.map((n) => String(n['storage_name'])));
          await q.run(`DELETE FROM attachments WHERE tipoff_id IN (${ph})`, ids);
          await q.run(
            `UPDATE tipoff_messages SET text_enc = NULL WHERE kind = 'citizen-info' AND tipoff_id IN (${ph})`,
            ids,
          );
          const keys = (
            await q.all(
              `SELECT DISTINCT key FROM tipoff_entities WHERE tipoff_id IN (${ph}) AND kind <> 'other'`,
              ids,
            )
          ).map((r) => String(r['key']));
          await q.run(`DELETE FROM tipoff_entities WHERE tipoff_id IN (${ph})`, ids);
          // A grouping key goes with the last report that used it; an open case keeps its own.
          for (let k = 0; k < keys.length; k += 200) {
            const chunk = keys.slice(k, k + 200);
            await q.run(
              `DELETE FROM entity_groups WHERE key IN (${placeholders(chunk.length)})
                 AND NOT EXISTS (SELECT 1 FROM tipoff_entities e WHERE e.key = entity_groups.key)`,
              chunk,
            );
          }
          await q.run(
            `UPDATE tipoffs SET contact_enc = NULL, contact_masked = NULL, description_enc = '', purged_at = ?
             WHERE id IN (${ph})`,
            [at, ...ids],
          );
        }
        if (due.length > 0) {
          await writeAudit(q, {
            at,
            actor: 'system',
            action: 'retention.purge',
            target: 'tipoffs',
            before: null,
            after: { tipoffs: due.length, files: files.length, closedBefore: cutoff },
          });
        }
        return { tipoffs: due.length, files };
      });
    },

    async listStorageNames() {
      const rows = await db.all(`SELECT storage_name FROM attachments`);
      return new Set(rows.map((r) => String(r['storage_name'])));
    },
  };
}
