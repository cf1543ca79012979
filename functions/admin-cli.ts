/**
 * `npm run admin -- <command>`: accounts for the moderation console, run on the server.
 *   create-user NAME --role moderator|supervisor [--password-stdin]
 *   set-password NAME [--password-stdin]
 *   purge          (deletes expired contact details and screenshots now; the server does it daily)
 * The password comes from FANZHA_ADMIN_PASSWORD, from stdin with --password-stdin, or a hidden prompt.
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { parseEnv } from './config.ts';
import { hashPassword, PASSWORD_MIN_LENGTH } from './security/password.ts';
import { openAttachmentFiles } from './store/files.ts';
import { dataDirFromEnv, loadDataKey, openStoreFromEnv } from './store/node-setup.ts';
import { createTipoffService, purgeExpired } from './tipoff-service.ts';
import type { Role } from './store/types.ts';

const USAGE = `用法：
  npm run admin -- create-user 用户名 --role moderator|supervisor [--password-stdin]
  npm run admin -- set-password 用户名 [--password-stdin]
  npm run admin -- purge
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
    console.error(USAGE);
    return 2;
  } catch (err) {
    console.error(`错误：${(err as Error).message}`);
    return 1;
  } finally {
    await store.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
