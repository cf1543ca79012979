/**
 * Node adapter (`npm start`): serves the built site from dist/ and the API from one Hono app on one
 * port. The only place, with functions/store/, that touches Node APIs.
 */
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createApp } from './app.ts';
import { ConfigError, parseEnv, type ServerConfig } from './config.ts';
import { siteFiles } from './static-files.ts';
import { buildCsp, type CspHashes } from './middleware/security-headers.ts';
import { setRateLimitScale } from './middleware/rate-limit.ts';
import { startTipoffService } from './store/node-setup.ts';
import { DataKeyError } from './store/types.ts';
import { analyze } from '../bot/analyze.ts';
import { llmFromEnv } from './llm.ts';
import type { Knowledge } from '../bot/types.ts';
import type { AnswerIndex } from '../bot/answers/passages.ts';

// Every variable is checked before anything starts: a wrong one stops here, named, in Chinese.
let config: ServerConfig;
try {
  config = parseEnv(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`[fanzha] 配置有误，服务没有启动：\n${err.message}`);
  process.exit(1);
}

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');

function readJson<T>(path: string, fallback: T): T {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : fallback;
}

const pkg = readJson<{ version: string }>(join(root, 'package.json'), { version: '0.0.0' });
const hashes = readJson<CspHashes>(join(dist, '_csp.json'), { scripts: [], styles: [] });
if (!existsSync(join(dist, 'index.html'))) {
  console.warn('[fanzha] dist/ 不存在：请先运行 npm run build（npm start 会自动构建）。');
}

setRateLimitScale(config.FANZHA_RATE_LIMIT_SCALE);

// The engine's knowledge as the build emitted it, or straight from content/ when not built yet.
const knowledgeFile = join(dist, 'bot-knowledge.json');
const knowledge: Knowledge = existsSync(knowledgeFile)
  ? (JSON.parse(readFileSync(knowledgeFile, 'utf8')) as Knowledge)
  : (await import('../bot/content-loader.ts')).loadKnowledgeFromContent(root);
// The chat-bot's answer passages, likewise from the build or from content/.
const answersFile = join(dist, 'answer-index.json');
const answers: AnswerIndex = existsSync(answersFile)
  ? (JSON.parse(readFileSync(answersFile, 'utf8')) as AnswerIndex)
  : (await import('../bot/content-loader.ts')).loadAnswerIndexFromContent(root);
// The tip-off store: SQLite under FANZHA_DATA_DIR, or PostgreSQL when DATABASE_URL is set; the
// engine scores each tip-off for the moderation queue. The notices' personal entries are read from
// content/ here: the public knowledge file never holds them, and the server matches them by HMAC.
// A data key that does not fit the store (or none, with PostgreSQL) stops the start, saying why.
const { loadNoticeEntries } = await import('../bot/content-loader.ts');
const tipoffs = await startTipoffService(process.env, {
  analyze: (text, options) => analyze(text, knowledge, options),
  notices: loadNoticeEntries(root),
}).catch((err: unknown) => {
  if (!(err instanceof DataKeyError)) throw err;
  console.error(`[fanzha] ${err.guidance}`);
  process.exit(1);
});
// Optional: OPENAI_API_KEY + FANZHA_LLM_MODEL (+ OPENAI_BASE_URL); absent, answers stay offline.
const llm = llmFromEnv(process.env);
if (llm) console.log('[fanzha] 已启用大模型辅助分析（失败时自动使用离线结果）。');

const app = createApp({
  version: pkg.version,
  remoteAddress: (c) => getConnInfo(c).remote.address,
  trustedProxies: config.FANZHA_TRUSTED_PROXIES,
  csp: buildCsp(hashes),
  tipoffs: tipoffs.deps,
  getKnowledge: () => knowledge,
  getAnswers: () => answers,
  llm,
});

// The built site: its Brotli/gzip copies, ETags and Cache-Control (functions/static-files.ts).
app.use('*', siteFiles(dist));
app.notFound((c) => {
  if (c.req.path.startsWith('/api/')) {
    return c.json({ error: { code: 'not_found', message: '找不到您要的内容。' } }, 404);
  }
  const page = join(dist, '404.html');
  return c.html(existsSync(page) ? readFileSync(page, 'utf8') : '<h1>404 找不到页面</h1>', 404);
});

const port = config.PORT;
const hostname = config.HOST;
serve({ fetch: app.fetch, port, hostname }, (info) => {
  console.log(
    `[fanzha] 已启动：http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${info.port}/`,
  );
});
