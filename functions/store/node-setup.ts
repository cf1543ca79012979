/**
 * Opens the tip-off service for the Node adapter: the store (PostgreSQL when DATABASE_URL is set,
 * else SQLite under FANZHA_DATA_DIR), the data key (FANZHA_DATA_KEY; with SQLite only, a development
 * key made once in the data directory, with a warning), data/uploads; then migrations, the data
 * key's check (a wrong key stops the start), the orphan sweep and the retention purge at start and
 * daily. Logs counts only, never personal data.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NoticeEntryInput } from '../../bot/knowledge.ts';
import { parseEnv } from '../config.ts';
import { checkDataKey } from '../data-key.ts';
import { generateDataKey, parseDataKey } from '../security/pii-crypto.ts';
import { createTipoffService, type Analyze, type TipoffServiceDeps } from '../tipoff-service.ts';
import { DEFAULT_TIPOFF_LIMITS, scaleLimits } from '../service/limits.ts';
import { purgeExpired } from '../service/retention.ts';
import { refreshBlocklist, retagPersonalExposures } from '../service/blocklist.ts';
import { openAttachmentFiles } from './files.ts';
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import { DataKeyError } from './types.ts';
import type { TipoffStore } from './tipoff-store.ts';

type EnvVars = Record<string, string | undefined>;

/** Reads a key variable (FANZHA_DATA_KEY, FANZHA_DATA_KEY_OLD): base64 of 32 bytes, or a clear error. */
function parseKeyVar(name: string, raw: string): Uint8Array {
  try {
    return parseDataKey(raw);
  } catch {
    throw new DataKeyError(
      'data_key_invalid',
      `${name} 格式不对：必须是 32 字节密钥的 base64 编码（openssl rand -base64 32 的输出，44 个字符）。`,
    );
  }
}

/**
 * The data key, checked here and only here: FANZHA_DATA_KEY; or, with SQLite only, a development
 * key kept in `<dataDir>/dev-data-key`. A shared database (DATABASE_URL) gets no generated key:
 * each process would make its own, and data written under one cannot be read under another.
 */
export function loadDataKey(
  env: EnvVars,
  dataDir: string,
  log: (line: string) => void,
  opts: { generate?: boolean } = {},
): Uint8Array {
  const raw = env['FANZHA_DATA_KEY'];
  if (raw !== undefined) return parseKeyVar('FANZHA_DATA_KEY', raw);
  const file = join(dataDir, 'dev-data-key');
  if (env['DATABASE_URL']) {
    throw new DataKeyError(
      'data_key_missing',
      '未设置 FANZHA_DATA_KEY，服务没有启动。使用 PostgreSQL（已设置 DATABASE_URL）时，所有服务进程必须用同一把数据密钥，' +
        '系统不会自动生成。请用 openssl rand -base64 32 生成一把，设为每个服务进程和 npm run admin 的 FANZHA_DATA_KEY，' +
        '并与数据库备份分开妥善保管：丢了它，已加密的举报就再也读不出来。' +
        (existsSync(file)
          ? `如果这个库以前是用自动生成的开发密钥写的，那把密钥在 ${file}，请把它的内容设为 FANZHA_DATA_KEY。`
          : ''),
    );
  }
  if (opts.generate === false) {
    throw new DataKeyError(
      'data_key_missing',
      '请设置 FANZHA_DATA_KEY（openssl rand -base64 32 生成）。',
    );
  }
  if (!existsSync(file)) {
    writeFileSync(file, `${generateDataKey()}\n`, { mode: 0o600, flag: 'wx' });
    log(
      `[fanzha] 警告：未设置 FANZHA_DATA_KEY，已生成开发用密钥 ${file}。正式部署请设置 FANZHA_DATA_KEY` +
        '（openssl rand -base64 32），并妥善备份：丢失密钥将无法读取已加密的举报内容。',
    );
  }
  return parseKeyVar(file, readFileSync(file, 'utf8'));
}

/** FANZHA_DATA_KEY_OLD, the key a rotation starts from (`npm run admin -- rotate-key`). */
export function loadOldDataKey(env: EnvVars): Uint8Array {
  const raw = env['FANZHA_DATA_KEY_OLD'];
  if (raw === undefined) {
    throw new DataKeyError(
      'data_key_old_missing',
      '请把现在使用的数据密钥设为 FANZHA_DATA_KEY_OLD，把新密钥设为 FANZHA_DATA_KEY（openssl rand -base64 32 生成）。',
    );
  }
  return parseKeyVar('FANZHA_DATA_KEY_OLD', raw);
}

export function openStoreFromEnv(env: EnvVars, dataDir: string): TipoffStore {
  return env['DATABASE_URL']
    ? openPostgresStore(env['DATABASE_URL'])
    : openSqliteStore(join(dataDir, 'fanzha.db'));
}

export function dataDirFromEnv(env: EnvVars): string {
  const dir = resolve(env['FANZHA_DATA_DIR'] ?? 'data');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Builds the service and runs the start-up chores; a database that is down does not stop the start. */
/**
 * Builds the service and runs the start-up chores; a database that is down does not stop the start,
 * a data key that does not fit the store does (DataKeyError, before anything is written). Should
 * the store's key change under a running server (a rotation), `onKeyLost` ends it (default: exit).
 */
export async function startTipoffService(
  env: EnvVars,
  opts: {
    analyze?: Analyze;
    notices?: readonly NoticeEntryInput[];
    log?: (line: string) => void;
    onKeyLost?: (err: DataKeyError) => void;
  } = {},
): Promise<{ deps: TipoffServiceDeps; stop: () => Promise<void> }> {
  const log = opts.log ?? console.log;
  // Throws ConfigError naming any wrong variable (the adapter has usually checked already).
  const config = parseEnv(env);
  const onKeyLost =
    opts.onKeyLost ??
    ((err: DataKeyError) => {
      console.error(`[fanzha] ${err.guidance}`);
      process.exit(1);
    });
  const dataDir = dataDirFromEnv(env);
  // Checked before the store is opened: a refused start touches nothing.
  const dataKey = loadDataKey(env, dataDir, log);
  const store = openStoreFromEnv(env, dataDir);
  const files = openAttachmentFiles(join(dataDir, 'uploads'));
  const scale = config.FANZHA_RATE_LIMIT_SCALE;
  const deps = await createTipoffService({
    store,
    files,
    dataKey,
    ...(opts.analyze ? { analyze: opts.analyze } : {}),
    ...(opts.notices ? { notices: opts.notices } : {}),
    limits: scale === 1 ? DEFAULT_TIPOFF_LIMITS : scaleLimits(DEFAULT_TIPOFF_LIMITS, scale),
    retentionDays: config.FANZHA_RETENTION_DAYS,
    ...(config.FANZHA_RECEIPT_DELAY_MS !== undefined
      ? { receiptDelayMs: config.FANZHA_RECEIPT_DELAY_MS }
      : {}),
  });

  const chores = async () => {
    // Migrations, then the data key's check (TipoffStore.bindDataKey): nothing below runs on a
    // store whose key this process does not hold.
    const applied = await store.migrate();
    if (applied.length > 0) log(`[fanzha] 数据库迁移完成：${applied.join(', ')}`);
    const tags = await retagPersonalExposures(deps);
    if (tags.retagged > 0)
      log(`[fanzha] 已用当前密钥重新计算 ${tags.retagged} 条个人类曝光信息的匹配标签`);
    if (tags.failed > 0) {
      log(
        `[fanzha] 警告：${tags.failed} 条个人类曝光信息无法解密，查询时匹配不到：请检查 FANZHA_DATA_KEY 是否与写入时相同。`,
      );
    }
    const swept = await files.cleanOrphans(() => store.listStorageNames());
    if (swept.removed + swept.recovered > 0) {
      log(`[fanzha] 附件清理：删除孤立文件 ${swept.removed} 个，恢复 ${swept.recovered} 个`);
    }
    const purged = await purgeExpired(deps);
    if (purged.tipoffs > 0)
      log(
        `[fanzha] 按保存期限清除了 ${purged.tipoffs} 条已结案举报的联系方式和 ${purged.files} 个附件`,
      );
    await store.deleteExpiredSessions(
      new Date(Date.now() - deps.session.idleMs).toISOString(),
      new Date(Date.now() - deps.session.absoluteMs).toISOString(),
    );
    await refreshBlocklist(deps);
  };
  let retry: ReturnType<typeof setTimeout> | undefined;
  let started = false;
  const runChores = async () => {
    try {
      await chores();
    } catch (err) {
      if (err instanceof DataKeyError) {
        if (!started) throw err;
        onKeyLost(err);
        return;
      }
      log(
        `[fanzha] 举报数据库暂时无法使用（${(err as Error).name}），10 秒后重试；其间举报接口返回 503。`,
      );
      retry = setTimeout(() => void runChores(), 10_000);
      retry.unref();
    }
  };
  try {
    await runChores();
  } catch (err) {
    await store.close();
    if (err instanceof DataKeyError && env['FANZHA_DATA_KEY'] === undefined) {
      // The messages speak of FANZHA_DATA_KEY; say that this start used the development key.
      throw new DataKeyError(
        err.code,
        `${err.guidance}（这次没有设置 FANZHA_DATA_KEY，用的是开发用密钥 ${join(dataDir, 'dev-data-key')}。）`,
      );
    }
    throw err;
  }
  started = true;
  const daily = setInterval(() => void runChores(), 24 * 3600_000);
  daily.unref();
  // Every minute: pick up entries other server processes approved, and check the store's key is
  // still this one (a rotation started elsewhere stops this server rather than let it answer
  // "receipt not found" for re-keyed cases).
  const blocklist = setInterval(() => {
    void refreshBlocklist(deps).catch(() => undefined);
    void checkDataKey(store, deps.cipher).catch((err: unknown) => {
      if (err instanceof DataKeyError) onKeyLost(err);
    });
  }, 60_000);
  blocklist.unref();
  return {
    deps,
    stop: async () => {
      clearInterval(daily);
      clearInterval(blocklist);
      if (retry) clearTimeout(retry);
      await store.close();
    },
  };
}
