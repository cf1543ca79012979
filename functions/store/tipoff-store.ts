/**
 * The tip-off store's one interface: the combination of its parts (tip-offs, moderation, the
 * exposure board, accounts and sessions, audit, the data key, retention), each written once in
 * portable SQL in its own module and joined by sql-store.ts over SQLite or PostgreSQL.
 */
import type { AccountRecords } from './accounts.ts';
import type { AuditRecords } from './audit.ts';
import type { DataKeyRecords } from './data-key-store.ts';
import type { ExposureRecords } from './exposures.ts';
import type { ModerationRecords } from './moderation.ts';
import type { RetentionRecords } from './retention.ts';
import type { TipoffRecords } from './tipoffs.ts';

/** The store. Every write is one transaction, with its audit row inside it. */
export interface TipoffStore
  extends
    TipoffRecords,
    ModerationRecords,
    ExposureRecords,
    AccountRecords,
    AuditRecords,
    DataKeyRecords,
    RetentionRecords {
  readonly dialect: 'sqlite' | 'postgres';
  /** Applies pending migrations (idempotent, safe to run from two processes at once). */
  migrate(): Promise<number[]>;
  close(): Promise<void>;
  /**
   * Binds the store to this process's data key (functions/data-key.ts): before first use (after
   * migrations) it runs `verify` (the canary check), and every write of personal data checks in its
   * own transaction that the stored key is still `fingerprint`, else throws DataKeyError.
   */
  bindDataKey(fingerprint: string, verify: (store: TipoffStore) => Promise<void>): void;
}
