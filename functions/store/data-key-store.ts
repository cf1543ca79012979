/**
 * The data key's record in the store: the canary that proves a key can read the data, the guard
 * that stops a process with another key from writing, and a key rotation in batches (each batch one
 * transaction with its progress, the canary moved last). See functions/data-key.ts.
 */
import { SEALED } from '../security/pii-crypto.ts';
import { writeAudit } from './audit.ts';
import type { SqlDriver, SqlExecutor } from './driver.ts';
import { countOf, str, type Row } from './sql-context.ts';
import { entityRow } from './tipoffs.ts';
import { DataKeyError, StoreError, type DataKeyRow, type Rekey } from './types.ts';

export interface DataKeyRecords {
  getDataKey(): Promise<DataKeyRow | null>;
  /** Stores the first key record unless one exists (another process may win); returns the stored one. */
  initDataKey(
    key: { fingerprint: string; canaryEnc: string; legacyReceiptKeyEnc: string | null },
    at: string,
  ): Promise<DataKeyRow>;
  /** A few stored ciphertexts with their contexts, to prove a key can read them before adopting it. */
  sampleSealed(): Promise<{ sealed: string; context: string }[]>;
  /** Tip-offs whose receipt hash predates receipt digests (hashed with the legacy receipt key). */
  countLegacyReceipts(): Promise<number>;
  /** Tip-offs and personal exposure entries: what a rotation re-keys. */
  countRekeyable(): Promise<number>;
  /** Encrypts up to `limit` entities still stored `plain:`; returns how many it did. */
  sealPlainEntities(limit: number, rekey: Rekey): Promise<number>;
  /** Starts a rotation from `from` to `next` (the stored key must be `from`, with none running). */
  beginRotation(
    from: string,
    next: { fingerprint: string; canaryEnc: string; legacyReceiptKeyEnc: string | null },
    at: string,
  ): Promise<DataKeyRow>;
  /**
   * Re-keys the next `limit` rows of the running rotation in one transaction with its progress;
   * when none are left, moves the canary to the new key (last). Returns the record after.
   */
  rotateBatch(limit: number, rekey: Rekey, at: string): Promise<DataKeyRow>;
}

function dataKeyRow(r: Row): DataKeyRow {
  return {
    fingerprint: String(r['fingerprint']),
    canaryEnc: String(r['canary_enc']),
    nextFingerprint: str(r['next_fingerprint']),
    nextCanaryEnc: str(r['next_canary_enc']),
    rotationStep: str(r['rotation_step']) as DataKeyRow['rotationStep'],
    rotationCursor: str(r['rotation_cursor']),
    rotationDone: Number(r['rotation_done']),
    legacyReceiptKeyEnc: str(r['legacy_receipt_key_enc']),
    nextLegacyReceiptKeyEnc: str(r['next_legacy_receipt_key_enc']),
  };
}

/**
 * The store's data-key part: `records` for the store, `bind` (the process's key) and `assertDataKey`
 * for every write of personal data (sql-context.ts).
 */
export function dataKeyRecords(db: SqlDriver) {
  let boundKey: string | null = null;

  /**
   * Every write of personal data first checks, in its own transaction, that the store's key is this
   * process's: a server left running with the old key during a rotation, or started with another
   * key, cannot mix two keys' data. FOR SHARE makes a rotation's start wait for writes in flight.
   */
  async function assertDataKey(q: SqlExecutor) {
    if (boundKey === null) return;
    const rows = await q.all(
      `SELECT fingerprint, next_fingerprint FROM data_key WHERE id = 1${db.dialect === 'postgres' ? ' FOR SHARE' : ''}`,
    );
    const r = rows[0];
    if (!r || r['next_fingerprint'] !== null || String(r['fingerprint']) !== boundKey) {
      throw new DataKeyError(
        'data_key_mismatch',
        '数据库的数据密钥已不是本进程的 FANZHA_DATA_KEY（密钥已更换或正在更换），拒绝写入。请用 npm run admin -- key-check 查看，并用正确的密钥重启。',
      );
    }
  }

  async function getDataKeyRow(q: SqlExecutor, forUpdate = false): Promise<DataKeyRow | null> {
    const rows = await q.all(`SELECT * FROM data_key WHERE id = 1${forUpdate ? db.forUpdate : ''}`);
    return rows[0] ? dataKeyRow(rows[0]) : null;
  }

  /** Records a rotation batch done (its last id and count) with the batch, in its transaction. */
  async function advanceRotation(q: SqlExecutor, rows: Row[], at: string): Promise<DataKeyRow> {
    await q.run(
      `UPDATE data_key SET rotation_cursor = ?, rotation_done = rotation_done + ?, updated_at = ? WHERE id = 1`,
      [String(rows.at(-1)!['id']), rows.length, at],
    );
    return (await getDataKeyRow(q))!;
  }

  /** Grouping keys no report uses any more (left by earlier versions): never re-keyed, so dropped. */
  async function dropUnusedGroupKeys(q: SqlExecutor) {
    await q.run(
      `DELETE FROM entity_groups WHERE NOT EXISTS (SELECT 1 FROM tipoff_entities e WHERE e.key = entity_groups.key)`,
    );
  }

  /** Re-seals one tip-off's entities; their grouping keys move with them (shared keys move once). */
  async function rekeyEntities(q: SqlExecutor, tipoffId: string, rekey: Rekey, onlyPlain: boolean) {
    const rows = await q.all(
      `SELECT kind, value_enc, key, source FROM tipoff_entities WHERE tipoff_id = ?${onlyPlain ? ` AND value_enc LIKE 'plain:%'` : ''}`,
      [tipoffId],
    );
    for (const e of rows.map(entityRow)) {
      const next = await rekey.entity(tipoffId, e);
      await q.run(
        `UPDATE tipoff_entities SET value_enc = ?, key = ? WHERE tipoff_id = ? AND key = ?`,
        [next.valueEnc, next.key, tipoffId, e.key],
      );
      // A key shared with a report re-keyed earlier was moved then: nothing left to move.
      if (e.kind !== 'other' && next.key !== e.key) {
        await q.run(`UPDATE entity_groups SET key = ? WHERE key = ?`, [next.key, e.key]);
      }
    }
  }

  const records: DataKeyRecords = {
    async getDataKey() {
      return getDataKeyRow(db);
    },

    async initDataKey(key, at) {
      return db.tx(async (q) => {
        // Two processes starting at once on an empty store: one key wins, the other then compares.
        const n = await q.run(
          `INSERT INTO data_key (id, fingerprint, canary_enc, legacy_receipt_key_enc, rotation_done, created_at, updated_at)
           VALUES (1, ?, ?, ?, 0, ?, ?) ON CONFLICT (id) DO NOTHING`,
          [key.fingerprint, key.canaryEnc, key.legacyReceiptKeyEnc, at, at],
        );
        if (n > 0) {
          await writeAudit(q, {
            at,
            actor: 'system',
            action: 'data-key.init',
            target: 'data-key',
            before: null,
            after: { fingerprint: key.fingerprint.slice(0, 8) },
          });
        }
        return (await getDataKeyRow(q))!;
      });
    },

    async sampleSealed() {
      const out: { sealed: string; context: string }[] = [];
      // Newest and oldest: a store that was once written under two keys shows it at either end.
      for (const order of ['DESC', 'ASC']) {
        const rows = await db.all(
          `SELECT id, description_enc, contact_enc FROM tipoffs WHERE description_enc <> '' ORDER BY id ${order} LIMIT 2`,
        );
        for (const r of rows) {
          const id = String(r['id']);
          out.push({ sealed: String(r['description_enc']), context: SEALED.description(id) });
          if (r['contact_enc'] !== null) {
            out.push({ sealed: String(r['contact_enc']), context: SEALED.contact(id) });
          }
        }
      }
      const msg = await db.all(
        `SELECT id, text_enc FROM tipoff_messages WHERE text_enc IS NOT NULL ORDER BY id DESC LIMIT 1`,
      );
      for (const r of msg) {
        out.push({ sealed: String(r['text_enc']), context: SEALED.message(String(r['id'])) });
      }
      const exp = await db.all(
        `SELECT kind, key, value_enc FROM exposures WHERE value_enc IS NOT NULL ORDER BY id DESC LIMIT 1`,
      );
      for (const r of exp) {
        out.push({
          sealed: String(r['value_enc']),
          context: SEALED.exposure(String(r['kind']), String(r['key'])),
        });
      }
      return out;
    },

    async countLegacyReceipts() {
      return countOf(
        db,
        `SELECT CAST(COUNT(*) AS INTEGER) AS n FROM tipoffs WHERE receipt_digest_enc IS NULL`,
      );
    },

    async countRekeyable() {
      return countOf(
        db,
        `SELECT CAST((SELECT COUNT(*) FROM tipoffs) + (SELECT COUNT(*) FROM exposures WHERE value_enc IS NOT NULL) AS INTEGER) AS n`,
      );
    },

    async sealPlainEntities(limit, rekey) {
      return db.tx(async (q) => {
        await assertDataKey(q);
        const ids = await q.all(
          `SELECT DISTINCT tipoff_id FROM tipoff_entities WHERE value_enc LIKE 'plain:%' ORDER BY tipoff_id LIMIT ?`,
          [limit],
        );
        for (const r of ids) await rekeyEntities(q, String(r['tipoff_id']), rekey, true);
        const left =
          ids.length > 0
            ? await q.all(`SELECT 1 FROM tipoff_entities WHERE value_enc LIKE 'plain:%' LIMIT 1`)
            : [1];
        if (left.length === 0) {
          // The last batch: grouping keys no report uses any more were never re-keyed; drop them.
          await dropUnusedGroupKeys(q);
        }
        return ids.length;
      });
    },

    async beginRotation(from, next, at) {
      return db.tx(async (q) => {
        const row = await getDataKeyRow(q, true);
        if (!row || row.fingerprint !== from) {
          throw new StoreError(409, 'rotation_conflict', '旧密钥与数据库里的密钥不一致。');
        }
        if (row.nextFingerprint !== null) {
          if (row.nextFingerprint === next.fingerprint) return row;
          throw new StoreError(409, 'rotation_conflict', '已有一次换到另一把密钥的轮换没有完成。');
        }
        await q.run(
          `UPDATE data_key SET next_fingerprint = ?, next_canary_enc = ?, next_legacy_receipt_key_enc = ?,
             rotation_step = 'tipoffs', rotation_cursor = '', rotation_done = 0, updated_at = ? WHERE id = 1`,
          [next.fingerprint, next.canaryEnc, next.legacyReceiptKeyEnc, at],
        );
        await writeAudit(q, {
          at,
          actor: 'admin-cli',
          action: 'data-key.rotation-start',
          target: 'data-key',
          before: { fingerprint: from.slice(0, 8) },
          after: { nextFingerprint: next.fingerprint.slice(0, 8) },
        });
        return (await getDataKeyRow(q))!;
      });
    },

    async rotateBatch(limit, rekey, at) {
      return db.tx(async (q) => {
        // The row lock makes two rotate-key runs at once take turns, each from the other's cursor.
        const state = await getDataKeyRow(q, true);
        if (!state?.nextFingerprint) return state!;
        const cursor = state.rotationCursor ?? '';
        if (state.rotationStep === 'tipoffs') {
          const rows = await q.all(
            `SELECT id, receipt_hash, description_enc, contact_enc, receipt_digest_enc FROM tipoffs
             WHERE id > ? ORDER BY id LIMIT ?${db.forUpdate}`,
            [cursor, limit],
          );
          if (rows.length === 0) {
            await q.run(
              `UPDATE data_key SET rotation_step = 'exposures', rotation_cursor = '', updated_at = ? WHERE id = 1`,
              [at],
            );
            return (await getDataKeyRow(q))!;
          }
          for (const r of rows) {
            const id = String(r['id']);
            const next = await rekey.tipoff({
              id,
              descriptionEnc: String(r['description_enc']),
              contactEnc: str(r['contact_enc']),
              receiptDigestEnc: str(r['receipt_digest_enc']),
              receiptHash: String(r['receipt_hash']),
            });
            await q.run(
              `UPDATE tipoffs SET description_enc = ?, contact_enc = ?, receipt_digest_enc = ?, receipt_hash = ?
               WHERE id = ?`,
              [next.descriptionEnc, next.contactEnc, next.receiptDigestEnc, next.receiptHash, id],
            );
            await rekeyEntities(q, id, rekey, false);
            const messages = await q.all(
              `SELECT id, text_enc FROM tipoff_messages WHERE tipoff_id = ? AND text_enc IS NOT NULL`,
              [id],
            );
            for (const m of messages) {
              const mid = String(m['id']);
              const textEnc = await rekey.message({ id: mid, textEnc: String(m['text_enc']) });
              await q.run(`UPDATE tipoff_messages SET text_enc = ? WHERE id = ?`, [textEnc, mid]);
            }
          }
          return advanceRotation(q, rows, at);
        }
        const rows = await q.all(
          `SELECT id, kind, key, value_enc FROM exposures WHERE id > ? AND value_enc IS NOT NULL
           ORDER BY id LIMIT ?${db.forUpdate}`,
          [cursor, limit],
        );
        if (rows.length > 0) {
          for (const r of rows) {
            const [kind, key, valueEnc] = [r['kind'], r['key'], r['value_enc']].map(String);
            await q.run(`UPDATE exposures SET value_enc = ? WHERE id = ?`, [
              await rekey.exposure({ kind: kind!, key: key!, valueEnc: valueEnc! }),
              String(r['id']),
            ]);
          }
          return advanceRotation(q, rows, at);
        }
        // Everything is under the new key: the canary moves last, so until here a restart with
        // either key is refused and told to finish the rotation.
        await dropUnusedGroupKeys(q);
        await q.run(
          `UPDATE data_key SET fingerprint = next_fingerprint, canary_enc = next_canary_enc,
             legacy_receipt_key_enc = next_legacy_receipt_key_enc, next_fingerprint = NULL,
             next_canary_enc = NULL, next_legacy_receipt_key_enc = NULL, rotation_step = NULL,
             rotation_cursor = NULL, updated_at = ? WHERE id = 1`,
          [at],
        );
        await writeAudit(q, {
          at,
          actor: 'admin-cli',
          action: 'data-key.rotation-done',
          target: 'data-key',
          before: { fingerprint: state.fingerprint.slice(0, 8) },
          after: { fingerprint: state.nextFingerprint.slice(0, 8), rows: state.rotationDone },
        });
        return (await getDataKeyRow(q))!;
      });
    },
  };
  return {
    records,
    assertDataKey,
    bind(fingerprint: string) {
      boundKey = fingerprint;
    },
  };
}
