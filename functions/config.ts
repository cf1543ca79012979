/**
 * The server's configuration, read from its environment and validated at start with zod: a wrong
 * value stops the start with a Chinese message naming the variable, instead of a surprise later
 * (an empty FANZHA_RETENTION_DAYS meant purging after 0 days; "180d" put the store in a 503 loop).
 * Every variable is optional; set but empty is a mistake, not "use the default".
 */
import { z } from 'zod';
import { parseDataKey } from './security/pii-crypto.ts';

/** A variable with a wrong value; `message` names every such variable, one a line, in Chinese. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type EnvVars = Record<string, string | undefined>;

/** A whole number within bounds, written as plain digits. */
const wholeNumber = (min: number, max: number, example: string) =>
  z
    .string()
    .regex(/^\d+$/, `应为 ${min} 到 ${max} 的整数（只写数字，例如 ${example}）`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `应为 ${min} 到 ${max} 的整数（例如 ${example}）`);

const httpUrl = (what: string) =>
  z.string().refine((v) => {
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `应为 ${what}（以 http:// 或 https:// 开头）`);

/** A data key: base64 of 32 bytes. */
const dataKey = z.string().refine((v) => {
  try {
    parseDataKey(v);
    return true;
  } catch {
    return false;
  }
}, '应为 32 字节密钥的 base64 编码（openssl rand -base64 32 的输出，44 个字符）');

const EnvSchema = z
  .object({
    PORT: wholeNumber(1, 65535, '4321').default(4321),
    HOST: z
      .string()
      .regex(/^[\w.:-]+$/, '应为要监听的地址，例如 127.0.0.1 或 0.0.0.0')
      .default('127.0.0.1'),
    FANZHA_DATA_DIR: z.string().optional(),
    DATABASE_URL: z
      .string()
      .refine((v) => {
        try {
          return ['postgres:', 'postgresql:'].includes(new URL(v).protocol);
        } catch {
          return false;
        }
      }, '应为 PostgreSQL 连接地址，例如 postgres://用户@主机:5432/数据库')
      .optional(),
    FANZHA_DATA_KEY: dataKey.optional(),
    /** Only for `npm run admin -- rotate-key`: the key being replaced. */
    FANZHA_DATA_KEY_OLD: dataKey.optional(),
    FANZHA_RETENTION_DAYS: wholeNumber(0, 3650, '180').default(180),
    FANZHA_TRUSTED_PROXIES: wholeNumber(0, 10, '1').default(0),
    OPENAI_API_KEY: z.string().optional(),
    OPENAI_BASE_URL: httpUrl('大模型服务的地址').optional(),
    FANZHA_LLM_MODEL: z.string().optional(),
    FANZHA_LLM_TIMEOUT_MS: wholeNumber(100, 10_000, '8000').optional(),
    FANZHA_LLM_JSON_MODE: z.enum(['0', '1'], { error: '应为 1（默认）或 0' }).default('1'),
    FANZHA_RATE_LIMIT_SCALE: z
      .string()
      .regex(/^\d+(?:\.\d+)?$/, '应为正数（只用于压力测试，例如 1000）')
      .transform(Number)
      .refine((n) => n > 0, '应为正数（只用于压力测试，例如 1000）')
      .default(1),
    FANZHA_RECEIPT_DELAY_MS: wholeNumber(0, 10_000, '300').optional(),
  })
  .superRefine((e, ctx) => {
    // One without the other would leave the LLM silently off.
    if (Boolean(e.OPENAI_API_KEY) !== Boolean(e.FANZHA_LLM_MODEL)) {
      const missing = e.OPENAI_API_KEY ? 'FANZHA_LLM_MODEL' : 'OPENAI_API_KEY';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: '启用大模型需要同时设置 OPENAI_API_KEY 和 FANZHA_LLM_MODEL',
      });
    }
  });

export type ServerConfig = z.output<typeof EnvSchema>;

/** The names this server reads (others in the environment are not its business). */
const NAMES = Object.keys(EnvSchema.shape) as (keyof typeof EnvSchema.shape)[];

/**
 * Validates the server's variables in `env`; throws ConfigError naming each wrong one. Only the
 * server's own variables are looked at.
 */
export function parseEnv(env: EnvVars): ServerConfig {
  const mine: Record<string, string> = {};
  const problems: string[] = [];
  for (const name of NAMES) {
    const value = env[name];
    if (value === undefined) continue;
    if (value.trim() === '') {
      problems.push(`环境变量 ${name} 设置了但是空的：请填写，或删掉它以使用默认值。`);
      continue;
    }
    mine[name] = value.trim();
  }
  const parsed = EnvSchema.safeParse(mine);
  for (const issue of parsed.error?.issues ?? []) {
    const name = String(issue.path[0] ?? '');
    // Secrets (keys, a connection string with its password) are never echoed.
    const secret = /KEY|DATABASE_URL/.test(name);
    const shown = name in mine && !secret ? `（现在是「${mine[name]}」）` : '';
    problems.push(`环境变量 ${name} 的值不对${shown}：${issue.message}。`);
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems.join('\n'));
  return parsed.data;
}
