/**
 * Opens the tip-off service for the Node adapter: the store (PostgreSQL when DATABASE_URL is set,
 * else SQLite under FANZHA_DATA_DIR), the data key (FANZHA_DATA_KEY, or a development key made
 * once in the data directory, with a warning), data/uploads; then migrations, the orphan sweep and
 * the retention purge at start and daily. Logs counts only, never personal data.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NoticeEntryInput } from '../../bot/knowledge.ts';
import { parseEnv } from '../config.ts';
import { generateDataKey, parseDataKey } from '../security/pii-crypto.ts';
import {
  createTipoffService,
  DEFAULT_TIPOFF_LIMITS,
  purgeExpired,
  refreshBlocklist,
  retagPersonalExposures,
  scaleLimits,
  type Analyze,
  type TipoffServiceDeps,
} from '../tipoff-service.ts';
import { openAttachmentFiles } from './files.ts';
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import type { TipoffStore } from './types.ts';

type EnvVars = Record<string, string | undefined>;

/** The data key from FANZHA_DATA_KEY, or a development key kept in `<dataDir>/dev-data-key`. */
export function loadDataKey(
  env: EnvVars,
  dataDir: string,
  log: (line: string) => void,
): Uint8Array {
  if (env['FANZHA_DATA_KEY']) return parseDataKey(env['FANZHA_DATA_KEY']);
  const file = join(dataDir, 'dev-data-key');
  if (!existsSync(file)) {
    writeFileSync(file, `${generateDataKey()}\n`, { mode: 0o600, flag: 'wx' });
    log(
      `[fanzha] 警告：未设置 FANZHA_DATA_KEY，已生成开发用密钥 ${file}。正式部署请设置 FANZHA_DATA_KEY` +
        '（openssl rand -base64 32），并妥善备份：丢失密钥将无法读取已加密的联系方式。',
    );
  }
  return parseDataKey(readFileSync(file, 'utf8'));
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
export async function startTipoffService(
  env: EnvVars,
  opts: {
    analyze?: Analyze;
    notices?: readonly NoticeEntryInput[];
    log?: (line: string) => void;
  } = {},
): Promise<{ deps: TipoffServiceDeps; stop: () => Promise<void> }> {
  const log = opts.log ?? console.log;
  // Throws ConfigError naming any wrong variable (the adapter has usually checked already).
  const config = parseEnv(env);
  const dataDir = dataDirFromEnv(env);
  const store = openStoreFromEnv(env, dataDir);
  const files = openAttachmentFiles(join(dataDir, 'uploads'));
  const scale = config.FANZHA_RATE_LIMIT_SCALE;
  const deps = await createTipoffService({
    store,
    files,
    dataKey: loadDataKey(env, dataDir, log),
    ...(opts.analyze ? { analyze: opts.analyze } : {}),
    ...(opts.notices ? { notices: opts.notices } : {}),
    limits: scale === 1 ? DEFAULT_TIPOFF_LIMITS : scaleLimits(DEFAULT_TIPOFF_LIMITS, scale),
    retentionDays: config.FANZHA_RETENTION_DAYS,
    ...(config.FANZHA_RECEIPT_DELAY_MS !== undefined
      ? { receiptDelayMs: config.FANZHA_RECEIPT_DELAY_MS }
      : {}),
  });

  const chores = async () => {
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
  const runChores = async () => {
    try {
      await chores();
    } catch (err) {
      log(
        `[fanzha] 举报数据库暂时无法使用（${(err as Error).name}），10 秒后重试；其间举报接口返回 503。`,
      );
      retry = setTimeout(() => void runChores(), 10_000);
      retry.unref();
    }
  };
  await runChores();
  const daily = setInterval(() => void runChores(), 24 * 3600_000);
  daily.unref();
  // Other server processes may approve entries: pick them up for the engine every minute.
  const blocklist = setInterval(() => void refreshBlocklist(deps).catch(() => undefined), 60_000);
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
