/**
 * The Hono app: one sub-app per resource, composed here. Portable: no Node or platform APIs; the
 * adapters (functions/node.ts, an edge entry) supply the platform pieces through `AppDeps`.
 */
import { Hono } from 'hono';
import { makeErrorHandler, notFoundHandler } from './errors.ts';
import { healthRoutes } from './health.ts';
import { clientIp, type Env, type RemoteAddress } from './middleware/client-ip.ts';
import { buildCsp, securityHeaders } from './middleware/security-headers.ts';
import { CACHE_CONTROL } from './middleware/cache-policy.ts';
import { compression } from './middleware/compression.ts';
import { exposureRoutes } from './exposures.ts';
import { moderationRoutes } from './moderation.ts';
import { StoreUnavailableError } from './store/driver.ts';
import { tipoffRoutes } from './tipoffs.ts';
import { reportFormRoutes } from './report-form.ts';
import { personalMatcherFor, type TipoffServiceDeps } from './tipoff-service.ts';
import { withApprovedEntries } from './service/blocklist.ts';
import type { Knowledge } from '../bot/types.ts';
import type { AnswerIndex } from '../bot/answers/passages.ts';
import { checkRoutes } from './check.ts';
import { chatRoutes } from './chat.ts';
import type { LlmClient } from './llm.ts';

export interface AppDeps {
  /** The app's version, reported by /api/health. */
  version: string;
  /** The peer address, from the platform. */
  remoteAddress: RemoteAddress;
  /** How many reverse proxies in front are trusted to set X-Forwarded-For (0: none). */
  trustedProxies?: number;
  /** The Content-Security-Policy; defaults to one allowing no inline code. */
  csp?: string;
  /** Where unknown errors are logged (never with request bodies). */
  log?: (line: string) => void;
  /** Tip-offs, moderation and the exposure board; without it those routes answer 503. */
  tipoffs?: TipoffServiceDeps;
  /** The engine's knowledge from content (notices, patterns). */
  getKnowledge?: () => Knowledge;
  /** The chat-bot's answer passages from content; without them /api/chat gives built-in answers only. */
  getAnswers?: () => AnswerIndex;
  /** The optional LLM for /api/check and /api/chat; absent: offline answers only. */
  llm?: LlmClient | undefined;
}

const EMPTY_KNOWLEDGE: Knowledge = { version: 'empty', patterns: [], blocklist: [] };

/** Builds the API app; mount it at the site root (it answers under /api/). */
export function createApp(deps: AppDeps) {
  const getTipoffDeps = () => {
    if (!deps.tipoffs) throw new StoreUnavailableError();
    return deps.tipoffs;
  };
  // Approved tip-off entries join the content notices in the engine's blocklist at run time.
  const getKnowledge =
    deps.getKnowledge && withApprovedEntries(deps.getKnowledge, () => deps.tipoffs);
  const tipoffs = deps.tipoffs;
  const bot = {
    getKnowledge: getKnowledge ?? (() => EMPTY_KNOWLEDGE),
    getAnswers: deps.getAnswers,
    // People's phones, ID and card numbers are matched only here, within the look-up budget.
    personalMatcher: tipoffs && ((ip: string) => personalMatcherFor(tipoffs, ip).match),
    llm: deps.llm,
    log: deps.log ?? console.error,
  };
  const api = new Hono<Env>()
    .route('/health', healthRoutes(deps.version, { llm: Boolean(deps.llm) }))
    .route('/tipoffs', tipoffRoutes(getTipoffDeps))
    .route('/admin', moderationRoutes(getTipoffDeps))
    .route(
      '/',
      exposureRoutes({ getDeps: getTipoffDeps, ...(getKnowledge ? { getKnowledge } : {}) }),
    )
    .route('/check', checkRoutes(bot))
    .route('/chat', chatRoutes(bot));

  const app = new Hono<Env>()
    .use(securityHeaders(deps.csp ?? buildCsp()))
    .use(compression())
    .use('/api/*', clientIp(deps.remoteAddress, deps.trustedProxies ?? 0))
    .use('/api/*', async (c, next) => {
      await next();
      // API answers are personal to the asker or change often: never cache them in shared caches.
      if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', CACHE_CONTROL.personal);
    })
    .route('/api', api)
    // The no-JS report and status forms post here and get HTML pages back.
    .use('/report/*', clientIp(deps.remoteAddress, deps.trustedProxies ?? 0))
    .route('/report', reportFormRoutes(getTipoffDeps));

  app.onError(makeErrorHandler(deps.log));
  app.notFound(notFoundHandler);
  return app;
}

export type AppType = ReturnType<typeof createApp>;
