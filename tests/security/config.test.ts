/**
 * Issue 9, item 10: environment variables were read unchecked: an empty FANZHA_RETENTION_DAYS
 * meant 0 days, "180d" put the store in a 503 loop. Every variable is now validated at start and
 * the server exits with a Chinese message naming the variable.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, parseEnv } from '../../functions/config.ts';
import { ROOT } from './helpers.ts';

const KEY = Buffer.alloc(32, 1).toString('base64');

describe('parseEnv', () => {
  test('takes no variables at all (every one has a default) and well-formed ones', () => {
    expect(parseEnv({})).toMatchObject({ PORT: 4321, FANZHA_RETENTION_DAYS: 180 });
    expect(
      parseEnv({
        PORT: '8080',
        HOST: '0.0.0.0',
        FANZHA_DATA_KEY: KEY,
        DATABASE_URL: 'postgres://fanzha:pw@db:5432/fanzha',
        FANZHA_RETENTION_DAYS: '0',
        FANZHA_TRUSTED_PROXIES: '1',
        OPENAI_API_KEY: 'sk-x',
        FANZHA_LLM_MODEL: 'qwen-plus',
        OPENAI_BASE_URL: 'https://llm.example/v1',
        FANZHA_LLM_TIMEOUT_MS: '8000',
        FANZHA_LLM_JSON_MODE: '0',
        PATH: '/usr/bin',
      }),
    ).toMatchObject({ PORT: 8080, FANZHA_RETENTION_DAYS: 0, FANZHA_TRUSTED_PROXIES: 1 });
  });

  test.each([
    ['FANZHA_RETENTION_DAYS', ''],
    ['FANZHA_RETENTION_DAYS', '180d'],
    ['FANZHA_RETENTION_DAYS', '-1'],
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['HOST', 'local host'],
    ['FANZHA_TRUSTED_PROXIES', 'yes'],
    ['FANZHA_DATA_KEY', 'too-short'],
    ['DATABASE_URL', 'mysql://db/fanzha'],
    ['OPENAI_BASE_URL', 'llm.example'],
    ['FANZHA_LLM_TIMEOUT_MS', '8s'],
    ['FANZHA_LLM_TIMEOUT_MS', '60000'],
    ['FANZHA_LLM_JSON_MODE', 'true'],
    ['FANZHA_RATE_LIMIT_SCALE', '0'],
    ['FANZHA_RECEIPT_DELAY_MS', 'slow'],
  ])('refuses %s=%j, naming it in Chinese', (name, value) => {
    let error: unknown;
    try {
      parseEnv({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(name);
    expect(message).toMatch(/[\u4e00-\u9fff]/);
  });

  test('an LLM key without a model (or the reverse) is named, not silently ignored', () => {
    expect(() => parseEnv({ OPENAI_API_KEY: 'sk-x' })).toThrow(/FANZHA_LLM_MODEL/);
    expect(() => parseEnv({ FANZHA_LLM_MODEL: 'm' })).toThrow(/OPENAI_API_KEY/);
  });

  test('never repeats a secret in its message', () => {
    expect(() => parseEnv({ DATABASE_URL: 'mysql://u:hunter2@db/x' })).toThrow(
      /^(?![\s\S]*hunter2)/,
    );
  });
});

describe('the server', () => {
  test('refuses to start with FANZHA_RETENTION_DAYS=180d and says why', async () => {
    const child = spawn(join(ROOT, 'node_modules/.bin/node'), ['functions/node.ts'], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', PORT: '0', FANZHA_RETENTION_DAYS: '180d' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await Promise.race([
      new Promise<number | null>((r) => child.once('exit', r)),
      new Promise<'running'>((r) => setTimeout(() => r('running'), 20_000)),
    ]);
    if (code === 'running') child.kill('SIGKILL');
    expect(code).toBe(1);
    expect(stderr).toContain('FANZHA_RETENTION_DAYS');
    expect(stderr).toContain('180d');
  });
});
