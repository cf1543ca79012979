/**
 * `npm run admin -- <command>`: accounts for the moderation console, run on the server.
 *   create-user NAME --role moderator|supervisor [--password-stdin]
 *   set-password NAME [--password-stdin]
 *   purge          (deletes expired contact details and screenshots now; the server does it daily)
 *   rotate-key [--batch N]   (re-seals everything from FANZHA_DATA_KEY_OLD to FANZHA_DATA_KEY)
 *   key-check      (fingerprints of the keys set, and the one the database expects)
 * The password comes from FANZHA_ADMIN_PASSWORD, from stdin with --password-stdin, or a hidden prompt.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { parseEnv } from './config.ts';
import { hashPassword, PASSWORD_MIN_LENGTH } from './security/password.ts';
import { openAttachmentFiles } from './store/files.ts';
import { rotateDataKey, shortFingerprint } from './data-key.ts';
import { createPiiCipher } from './security/pii-crypto.ts';
import {
  dataDirFromEnv,
  loadDataKey,
  loadOldDataKey,
  openStoreFromEnv,
} from './store/node-setup.ts';
import { createTipoffService } from './tipoff-service.ts';
import { purgeExpired } from './service/retention.ts';
import { DataKeyError, type Role } from './store/types.ts';

const USAGE = `用法：
  npm run admin -- create-user 用户名 --role moderator|supervisor [--password-stdin]
  npm run admin -- set-password 用户名 [--password-stdin]
  npm run admin -- purge
  npm run admin -- rotate-key [--batch 200]   （先停下所有服务进程；FANZHA_DATA_KEY_OLD=现用密钥 FANZHA_DATA_KEY=新密钥）
  npm run admin -- key-check                  （显示密钥指纹，核对哪把密钥是数据库在用的）
密码来源：环境变量 FANZHA_ADMIN_PASSWORD，或 --password-stdin 从标准输入读取，否则交互输入（不回显）。`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function prompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    // Hide what is typed: the password must not stay on screen or in a terminal recording.
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    out._writeToOutput = (s: string) => {
      if (s.startsWith(question)) process.stdout.write(question);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function readPassword(args: string[]): Promise<string> {
  if (process.env['FANZHA_ADMIN_PASSWORD']) return process.env['FANZHA_ADMIN_PASSWORD'];
  if (args.includes('--password-stdin')) return readStdin();
  if (!process.stdin.isTTY)
    throw new Error('没有终端可以输入密码：请用 --password-stdin 或 FANZHA_ADMIN_PASSWORD。');
  const a = await prompt('密码：');
  const b = await prompt('再输入一次：');
  if (a !== b) throw new Error('两次输入的密码不一致。');
  return a;
}

function checkPassword(p: string) {
  if (Array.from(p).length < PASSWORD_MIN_LENGTH)
    throw new Error(`密码至少 ${PASSWORD_MIN_LENGTH} 个字符。`);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const name = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--role');
  const env = process.env;
  const store = openStoreFromEnv(env, dataDirFromEnv(env));
  try {
    await store.migrate();
    if (command === 'create-user' && name) {
      const role = args[args.indexOf('--role') + 1] as Role | undefined;
      if (!args.includes('--role') || (role !== 'moderator' && role !== 'supervisor')) {
        throw new Error('请用 --role moderator 或 --role supervisor 指定角色。');
      }
      if (!/^[\w.\-@]{2,64}$/.test(name))
        throw new Error('用户名只能用字母、数字和 . _ - @，2-64 个字符。');
      const password = await readPassword(args);
      checkPassword(password);
      await store.createUser(
        { username: name, role, passwordHash: await hashPassword(password) },
        new Date().toISOString(),
      );
      console.log(`已创建用户 ${name}（${role === 'supervisor' ? '主管' : '审核员'}）。`);
      return 0;
    }
    if (command === 'set-password' && name) {
      const password = await readPassword(args);
      checkPassword(password);
      if (!(await store.setPassword(name, await hashPassword(password))))
        throw new Error(`没有用户 ${name}。`);
      console.log(`已为 ${name} 设置新密码，原有登录已全部退出。`);
      return 0;
    }
    if (command === 'purge') {
      const dataDir = dataDirFromEnv(env);
      const deps = await createTipoffService({
        store,
        files: openAttachmentFiles(join(dataDir, 'uploads')),
        dataKey: loadDataKey(env, dataDir, console.log),
        retentionDays: parseEnv(env).FANZHA_RETENTION_DAYS,
      });
      const r = await purgeExpired(deps);
      console.log(`已清除 ${r.tipoffs} 条已结案举报的联系方式，删除附件 ${r.files} 个。`);
      return 0;
    }
    if (command === 'rotate-key') {
      const dataDir = dataDirFromEnv(env);
      const batchArg = args.includes('--batch') ? Number(args[args.indexOf('--batch') + 1]) : 200;
      if (!Number.isInteger(batchArg) || batchArg < 1 || batchArg > 10_000)
        throw new Error('--batch 应是 1 到 10000 之间的整数。');
      await rotateDataKey(
        store,
        loadOldDataKey(env),
        loadDataKey(env, dataDir, console.log, { generate: false }),
        {
          files: openAttachmentFiles(join(dataDir, 'uploads')),
          batch: batchArg,
          log: (line) => console.log(line),
        },
      );
      return 0;
    }
    if (command === 'key-check') {
      const row = await store.getDataKey();
      const show = async (name: string, key: Uint8Array | null) => {
        if (!key) return;
        const fp = (await createPiiCipher(key)).fingerprint;
        const role = !row
          ? ''
          : fp === row.fingerprint
            ? '（数据库现在用的密钥）'
            : fp === row.nextFingerprint
              ? '（正在更换到的新密钥）'
              : '（与数据库不符）';
        console.log(`${name} 指纹 ${shortFingerprint(fp)}${role}`);
      };
      const dataDir = dataDirFromEnv(env);
      const devFile = join(dataDir, 'dev-data-key');
      if (env['FANZHA_DATA_KEY'] !== undefined)
        await show('FANZHA_DATA_KEY', loadDataKey(env, dataDir, console.log));
      else if (!env['DATABASE_URL'] && existsSync(devFile))
        await show(`开发用密钥 ${devFile}`, loadDataKey(env, dataDir, console.log));
      else console.log('没有设置 FANZHA_DATA_KEY。');
      await show('FANZHA_DATA_KEY_OLD', env['FANZHA_DATA_KEY_OLD'] ? loadOldDataKey(env) : null);
      if (!row) console.log('数据库里还没有密钥记录（服务第一次启动时写入）。');
      else {
        console.log(`数据库密钥指纹 ${shortFingerprint(row.fingerprint)}`);
        if (row.nextFingerprint)
          console.log(
            `正在更换到指纹 ${shortFingerprint(row.nextFingerprint)} 的新密钥，已处理 ${row.rotationDone} 条：请运行 rotate-key 完成。`,
          );
      }
      return 0;
    }
    console.error(USAGE);
    return 2;
  } catch (err) {
    console.error(`错误：${err instanceof DataKeyError ? err.guidance : (err as Error).message}`);
    return 1;
  } finally {
    await store.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
