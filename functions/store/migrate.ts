/**
 * Schema migrations (functions/store/migrations/), applied once each under a lock, and the wrapper
 * that runs them (and the data-key check) before a store's first use.
 */
import type { SqlDriver } from './driver.ts';
import { MIGRATIONS } from './migrations/index.ts';
import type { TipoffStore } from './tipoff-store.ts';

/** Applies pending migrations (idempotent, safe to run from two processes at once). */
export async function migrate(db: SqlDriver): Promise<number[]> {
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    const done = await db.tx(async (q) => {
      // Two processes starting at once: the lock makes the second wait, then find the step done.
      await q.lock(['fanzha:migrations']);
      await q.exec(
        `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
      );
      const rows = await q.all(`SELECT version FROM schema_migrations WHERE version = ?`, [
        m.version,
      ]);
      if (rows.length > 0) return false;
      await q.exec(m.sql);
      await q.run(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

/**
 * Runs migrations, then the bound data key's check, before the first use, and again after a
 * failure (a database that was down at start): the server starts anyway, answers 503 meanwhile,
 * and is ready once the database is. A wrong key fails every use until the process is restarted.
 */
export function withMigrations(store: TipoffStore): TipoffStore {
  let verify: ((s: TipoffStore) => Promise<void>) | null = null;
  let migrated = false;
  let ready: Promise<unknown> | null = null;
  const ensure = () => {
    ready ??= (async () => {
      if (!migrated) {
        await store.migrate();
        migrated = true;
      }
      if (verify) await verify(store);
    })().catch((err: unknown) => {
      ready = null;
      throw err;
    });
    return ready;
  };
  const wrapped = { ...store } as Record<string, unknown>;
  for (const [name, fn] of Object.entries(store)) {
    if (typeof fn !== 'function' || name === 'close' || name === 'bindDataKey') continue;
    wrapped[name] = async (...args: unknown[]) => {
      await ensure();
      return (fn as (...a: unknown[]) => unknown)(...args);
    };
  }
  wrapped['migrate'] = async () => {
    const applied = await store.migrate();
    migrated = true;
    await ensure();
    return applied;
  };
  wrapped['bindDataKey'] = (fingerprint: string, check: (s: TipoffStore) => Promise<void>) => {
    store.bindDataKey(fingerprint, check);
    verify = check;
    ready = null;
  };
  return wrapped as unknown as TipoffStore;
}
