/**
 * `POST /api/check` `{text, paid?}` → Verdict: the offline engine, then (when configured) the LLM's
 * second opinion, which can only raise the level. The same engine runs in the browser; this route
 * serves the CLI, partners and phones too old to run it.
 */
import { Hono } from 'hono';
import { analyze } from '../bot/analyze.ts';
import type { Knowledge, PersonalMatcher } from '../bot/types.ts';
import { CheckRequestSchema, MAX_TEXT_CHARS } from './schemas/check.ts';
import { checkWithLlm, type LlmClient } from './llm.ts';
import type { Env } from './middleware/client-ip.ts';
import { jsonBody, requireJson } from './middleware/json-body.ts';
import { rateLimit } from './middleware/rate-limit.ts';

export interface CheckDeps {
  getKnowledge: () => Knowledge;
  /** The budgeted personal-entry matcher for a client (with the tip-off store); absent: none. */
  personalMatcher?: ((clientIp: string) => PersonalMatcher) | undefined;
  llm?: LlmClient | undefined;
  log: (line: string) => void;
}

// A CJK character is 3 bytes in UTF-8, or 6 as a JSON \u escape; leave room for the rest.
const MAX_BODY_BYTES = MAX_TEXT_CHARS * 6 + 1024;

export function checkRoutes(deps: CheckDeps) {
  return new Hono<Env>().post(
    '/',
    // 30 a minute per client is far more than a person pastes; the global bucket caps LLM spend.
    rateLimit({
      name: 'check',
      perClient: { capacity: 30, refillPerSecond: 0.5 },
      global: { capacity: 600, refillPerSecond: 20 },
    }),
    requireJson(MAX_BODY_BYTES),
    jsonBody(CheckRequestSchema),
    async (c) => {
      const { text, paid } = c.req.valid('json');
      const knowledge = deps.getKnowledge();
      const matchPersonal = deps.personalMatcher?.(c.get('clientIp'));
      const engine = analyze(text, knowledge, { paid, matchPersonal });
      const verdict = deps.llm
        ? await checkWithLlm(deps.llm, text, engine, knowledge, deps.log)
        : engine;
      return c.json(verdict);
    },
  );
}
