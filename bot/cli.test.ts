import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Node 24 from the project (it strips types); the system node may be older.
const NODE = join(ROOT, 'node_modules', '.bin', 'node');
const run = (...args: string[]) =>
  spawnSync(NODE, ['bot/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('npm run bot', () => {
  test('check prints a verdict as JSON', () => {
    const out = execFileSync(
      NODE,
      ['bot/cli.ts', 'check', '您涉嫌洗钱，请把钱转到安全账户', '--paid'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const v = JSON.parse(out) as { level: string; advice: string[] };
    expect(v.level).toBe('高风险');
    expect(v.advice[0]).toContain('110');
  });
  test('eval prints precision, recall and false-positive rate for both thresholds, per family', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fanzha-eval-'));
    const file = join(dir, 'set.jsonl');
    writeFileSync(
      file,
      [
        { text: '您涉嫌洗钱，请把钱转到安全账户', label: 'fraud', type: '冒充公检法' },
        { text: '妈，我明天回家吃饭', label: 'normal', type: '家人聊天' },
        { text: '您尾号1234的账户消费58.00元', label: 'normal', type: '动账通知' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const figures = JSON.parse(
      execFileSync(NODE, ['bot/cli.ts', 'eval', file], { cwd: ROOT, encoding: 'utf8' }),
    );
    expect(figures.suspiciousOrAbove.counts).toEqual({ tp: 1, fp: 0, tn: 2, fn: 0, total: 3 });
    expect(figures.highRiskOnly.perTypeRecall).toEqual({ 冒充公检法: 1 });
    expect(figures.suspiciousOrAbove.perTypeRecall).toEqual({ 冒充公检法: 1 });
    expect(figures.suspiciousOrAbove.falsePositiveRate).toBe(0);
    expect(figures.suspiciousOrAbove.perTypeFalsePositiveRate).toEqual({
      动账通知: 0,
      家人聊天: 0,
    });
  });
  test.each([
    [[]],
    [['check']],
    [['eval']],
    [['eval', 'no-such-file.jsonl']],
    [['frobnicate']],
    [['check', '--fast', '你好']],
  ])('bad input %j: a Chinese message on stderr and exit code 2', (args) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/错误：[\u4e00-\u9fff]/);
    expect(r.stdout).toBe('');
  });
  test('a malformed line in an eval file is named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fanzha-eval-'));
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"text":"你好","label":"normal"}\n{oops\n');
    const r = run('eval', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('第 2 行');
  });
});
