/**
 * The tip-off store over a driver (sqlite.ts, postgres.ts): its parts, each written once in
 * portable SQL, joined into one TipoffStore. Every write is one transaction with its audit rows
 * inside it, so a crash leaves all or nothing.
 */
import { accountRecords } from './accounts.ts';
import { auditRecords } from './audit.ts';
import { dataKeyRecords } from './data-key-store.ts';
import { refusingNul, type SqlDriver } from './driver.ts';
import { exposureRecords } from './exposures.ts';
import { migrate, withMigrations } from './migrate.ts';
import { moderationRecords } from './moderation.ts';
import { retentionRecords } from './retention.ts';
import type { SqlContext } from './sql-context.ts';
import type { TipoffStore } from './tipoff-store.ts';
import { tipoffRecords } from './tipoffs.ts';

export function createSqlStore(driver: SqlDriver): TipoffStore {
  // U+0000 refused in every parameter, alike on both databases (PostgreSQL's text cannot hold it).
  const db = refusingNul(driver);
  const dataKey = dataKeyRecords(db);
  const ctx: SqlContext = { db, assertDataKey: dataKey.assertDataKey };
  return withMigrations({
    dialect: db.dialect,
    migrate: () => migrate(db),
    close: () => db.close(),
    bindDataKey: (fingerprint) => dataKey.bind(fingerprint),
    ...tipoffRecords(ctx),
    ...moderationRecords(ctx),
    ...exposureRecords(ctx),
    ...accountRecords(ctx),
    ...auditRecords(ctx),
    ...dataKey.records,
    ...retentionRecords(ctx),
  });
}
