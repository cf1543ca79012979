/**
 * `POST /api/chat` `{messages, context?}` → `{reply, verdict?, links}` from the offline follow-up
 * answers (bot/chat.ts). With an LLM configured and `Accept: text/event-stream`, the answer comes
 * as SSE: `verdict` (JSON) at once, then the model's answer as a `delta` ({text}) once the whole of
 * it has passed the talk-down check, then `done`; if the model fails or talks the message down,
 * `fallback` ({reply, links}) carries the offline reply instead.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { answerChat, type ChatContext, type ChatReply } from '../bot/chat.ts';
import { buildChatPrompt, chatReplySchema, citationOf } from '../bot/llm.ts';
import type { Knowledge } from '../bot/types.ts';
import { preparedAnswers } from '../bot/answers/answer.ts';
import type { AnswerIndex } from '../bot/answers/passages.ts';
import { siteConfig } from '../site/lib/site-config.ts';
import {
  ChatRequestSchema,
  MAX_CHAT_TURNS,
  MAX_TEXT_CHARS,
  type ChatRequest,
} from './schemas/check.ts';
import {
  checkedStreamText,
  describeLlmFailure,
  LlmOutputError,
  type LlmClient,
} from './llm.ts';
import type { Env } from './middleware/client-ip.ts';
import { jsonBody, requireJson } from './middleware/json-body.ts';
import { rateLimit } from './middleware/rate-limit.ts';

export interface ChatDeps {
  getKnowledge: () => Knowledge;
  /** Content passages to answer questions from (built once, then cached). */
  getAnswers?: (() => AnswerIndex) | undefined;
  llm?: LlmClient | undefined;
  log: (line: string) => void;
}

const MAX_BODY_BYTES = MAX_CHAT_TURNS * (MAX_TEXT_CHARS * 6 + 64) + 1024;

/** The JSON body of a chat answer. */
export type ChatAnswer = Omit<ChatReply, 'intent' | 'sources'>;

function toAnswer({ intent: _intent, sources: _sources, ...answer }: ChatReply): ChatAnswer {
  return answer;
}

/** Keeps only context the knowledge can vouch for. */
function trustedContext(ctx: ChatRequest['context'], knowledge: Knowledge): ChatContext {
  if (!ctx) return {};
  const known = ctx.pattern && knowledge.patterns.some((p) => p.slug === ctx.pattern);
  return { level: ctx.level, pattern: known ? ctx.pattern : undefined, paid: ctx.paid };
}

export function chatRoutes(deps: ChatDeps) {
  return new Hono<Env>().post(
    '/',
    // Fewer than checks: each streamed answer may cost an LLM call.
    rateLimit({
      name: 'chat',
      perClient: { capacity: 20, refillPerSecond: 1 / 3 },
      global: { capacity: 300, refillPerSecond: 5 },
    }),
    requireJson(MAX_BODY_BYTES),
    jsonBody(ChatRequestSchema),
    async (c) => {
      const { messages, context } = c.req.valid('json');
      const knowledge = deps.getKnowledge();
      const ctx = trustedContext(context, knowledge);
      const index = deps.getAnswers?.();
      const answers = index ? preparedAnswers(index) : undefined;
      const offline = answerChat(messages, knowledge, ctx, {
        areaCode: siteConfig.areaCode,
        answers,
      });
      const llm = deps.llm;
      if (!llm || !/text\/event-stream/i.test(c.req.header('accept') ?? '')) {
        return c.json(toAnswer(offline));
      }

      // Reverse proxies (nginx) buffer answers by default, which would hold the stream back.
      c.header('X-Accel-Buffering', 'no');
      return streamSSE(c, async (stream) => {
        const ac = new AbortController();
        stream.onAbort(() => ac.abort());
        await stream.writeSSE({
          event: 'verdict',
          data: JSON.stringify({ verdict: offline.verdict ?? null, links: offline.links }),
        });
        try {
          const prompt = buildChatPrompt(messages, offline, ctx, knowledge);
          // The whole answer is checked before any of it is sent: a talk-down split across pieces
          // (or after a harmless start) must not reach the screen even in part.
          const text = await checkedStreamText(llm, prompt, ac.signal);
          if (!chatReplySchema(offline.intent === 'vouch').safeParse(text).success) {
            throw new LlmOutputError('schema');
          }
          // The answer cites the page it rests on; the model is told to, this makes sure.
          const cite = citationOf(offline);
          const cited = cite && !text.includes(cite) ? `${text}\n出处：本站《${cite}》` : text;
          await stream.writeSSE({ event: 'delta', data: JSON.stringify({ text: cited }) });
        } catch (err) {
          if (stream.aborted) return;
          deps.log(`[llm] chat fell back to the offline answer: ${describeLlmFailure(err)}`);
          await stream.writeSSE({
            event: 'fallback',
            data: JSON.stringify({ reply: offline.reply, links: offline.links }),
          });
        }
        await stream.writeSSE({ event: 'done', data: '{}' });
      });
    },
  );
}
