/**
 * The optional LLM, wired through the `openai` SDK to any OpenAI-compatible endpoint. The app takes
 * a small `LlmClient` through its deps, so tests and other adapters can swap it. Every failure ends
 * in the offline answer: the engine never waits more than the timeout and never retries in a storm.
 */
import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import {
  buildCheckPrompt,
  fallbackVerdict,
  MAX_REPLY_CHARS,
  mergeVerdict,
  parseCheckOutput,
  talksDown,
  type LlmOutputProblem,
  type MergedVerdict,
  type PromptMessage,
} from '../bot/llm.ts';
import type { Knowledge, Verdict } from '../bot/types.ts';

/** What the app needs from a language model. */
export interface LlmClient {
  /** One whole answer. `json` asks for a JSON object. Rejects on any failure, within the timeout. */
  complete(
    messages: PromptMessage[],
    options?: { json?: boolean; signal?: AbortSignal },
  ): Promise<string>;
  /** A streamed answer, as text chunks. Rejects if the first chunk or any gap exceeds the timeout. */
  stream(messages: PromptMessage[], options?: { signal?: AbortSignal }): AsyncIterable<string>;
}

export interface OpenAiLlmConfig {
  apiKey: string;
  model: string;
  /** An OpenAI-compatible endpoint, e.g. a provider in China or a local server. */
  baseURL?: string | undefined;
  /** Deadline for a whole answer (complete) or for each gap between chunks (stream). */
  timeoutMs?: number | undefined;
  /** Ask for `response_format: json_object` (some compatible servers refuse it). Default true. */
  jsonMode?: boolean | undefined;
  /** For tests. */
  fetch?: typeof fetch | undefined;
}

export const DEFAULT_LLM_TIMEOUT_MS = 8000;
/** Ceiling for the configured timeout: an elderly user waiting longer than this gives up. */
export const MAX_LLM_TIMEOUT_MS = 10_000;
/** A streamed chat answer is cut after this long in total, however steadily it trickles. */
const MAX_STREAM_MS = 30_000;

/** The model's output could not be used. */
export class LlmOutputError extends Error {
  readonly problem: LlmOutputProblem | 'contradiction';
  constructor(problem: LlmOutputProblem | 'contradiction') {
    super(`unusable model output: ${problem}`);
    this.name = 'LlmOutputError';
    this.problem = problem;
  }
}

/** Our own deadline passed. */
export class LlmTimeoutError extends Error {
  constructor() {
    super('model timed out');
    this.name = 'LlmTimeoutError';
  }
}

/**
 * A short, data-free description of a failure for logs. Never the error's message: an API error's
 * message is the provider's text, which could echo the request.
 */
export function describeLlmFailure(err: unknown): string {
  if (err instanceof LlmTimeoutError || err instanceof APIConnectionTimeoutError) return 'timeout';
  if (err instanceof LlmOutputError) return `output:${err.problem}`;
  if (err instanceof APIUserAbortError) return 'aborted';
  if (err instanceof APIError) return err.status ? `http:${err.status}` : 'connection';
  return err instanceof Error ? `error:${err.name}` : 'error';
}

/** A logger that says nothing: the SDK's debug log prints request bodies, i.e. people's messages. */
const SILENT = { error() {}, warn() {}, info() {}, debug() {} };

function clampTimeout(ms: number | undefined): number {
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return DEFAULT_LLM_TIMEOUT_MS;
  return Math.min(ms, MAX_LLM_TIMEOUT_MS);
}

/** Links an outer signal (client went away) to a controller we also abort on our own deadlines. */
function linkedController(outer: AbortSignal | undefined) {
  const ac = new AbortController();
  const relay = () => ac.abort(outer?.reason);
  if (outer?.aborted) ac.abort(outer.reason);
  else outer?.addEventListener('abort', relay, { once: true });
  return { ac, unlink: () => outer?.removeEventListener('abort', relay) };
}

/** An `LlmClient` over the openai SDK, with no retries, a short timeout and no logging. */
export function createOpenAiLlm(config: OpenAiLlmConfig): LlmClient {
  const timeout = clampTimeout(config.timeoutMs);
  const client = new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseURL ?? null,
    timeout,
    // The SDK retries twice by default; behind a struggling provider that triples the load and the
    // wait. One attempt, then the offline answer.
    maxRetries: 0,
    // Explicit 'off' beats OPENAI_LOG from the environment, and a silent logger backs it up.
    logLevel: 'off',
    logger: SILENT,
    ...(config.fetch ? { fetch: config.fetch } : {}),
  });
  const model = config.model;
  const jsonMode = config.jsonMode ?? true;

  return {
    async complete(messages, options = {}) {
      const { ac, unlink } = linkedController(options.signal);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        ac.abort();
      }, timeout);
      try {
        const res = await client.chat.completions.create(
          {
            model,
            messages,
            temperature: 0.2,
            ...(options.json && jsonMode
              ? { response_format: { type: 'json_object' as const } }
              : {}),
          },
          { signal: ac.signal, timeout, maxRetries: 0 },
        );
        return res.choices[0]?.message?.content ?? '';
      } catch (err) {
        throw timedOut ? new LlmTimeoutError() : err;
      } finally {
        clearTimeout(timer);
        unlink();
      }
    },

    async *stream(messages, options = {}) {
      const { ac, unlink } = linkedController(options.signal);
      let timedOut = false;
      const expire = () => {
        timedOut = true;
        ac.abort();
      };
      let idle = setTimeout(expire, timeout);
      const total = setTimeout(expire, MAX_STREAM_MS);
      try {
        const chunks = await client.chat.completions.create(
          { model, messages, temperature: 0.3, stream: true },
          { signal: ac.signal, timeout, maxRetries: 0 },
        );
        for await (const chunk of chunks) {
          clearTimeout(idle);
          idle = setTimeout(expire, timeout);
          const text = chunk.choices[0]?.delta?.content;
          if (text) yield text;
        }
        // The SDK ends an aborted stream quietly, as if the model had finished.
        if (timedOut) throw new LlmTimeoutError();
      } catch (err) {
        throw timedOut ? new LlmTimeoutError() : err;
      } finally {
        clearTimeout(idle);
        clearTimeout(total);
        unlink();
        // Stops the HTTP body if the consumer left early.
        if (!ac.signal.aborted) ac.abort();
      }
    },
  };
}

/**
 * The LLM configured by the environment, or undefined (offline answers only). OPENAI_API_KEY and
 * FANZHA_LLM_MODEL are both required; OPENAI_BASE_URL picks a compatible provider;
 * FANZHA_LLM_TIMEOUT_MS (default 8000, at most 10000); FANZHA_LLM_JSON_MODE=0 for servers that
 * refuse `response_format`.
 */
export function llmFromEnv(env: Record<string, string | undefined>): LlmClient | undefined {
  const apiKey = env.OPENAI_API_KEY?.trim();
  const model = env.FANZHA_LLM_MODEL?.trim();
  if (!apiKey || !model) return undefined;
  return createOpenAiLlm({
    apiKey,
    model,
    baseURL: env.OPENAI_BASE_URL?.trim() || undefined,
    timeoutMs: env.FANZHA_LLM_TIMEOUT_MS ? Number(env.FANZHA_LLM_TIMEOUT_MS) : undefined,
    jsonMode: env.FANZHA_LLM_JSON_MODE !== '0',
  });
}

/**
 * A second opinion on a checked message: the engine's verdict merged with the model's by the
 * raise-never-lower rule, or the engine's verdict marked `fallback` on any failure.
 */
export async function checkWithLlm(
  llm: LlmClient,
  text: string,
  engine: Verdict,
  knowledge: Knowledge,
  log: (line: string) => void,
): Promise<MergedVerdict> {
  try {
    const raw = await llm.complete(buildCheckPrompt(text, engine, knowledge), { json: true });
    const parsed = parseCheckOutput(raw);
    if (!parsed.ok) throw new LlmOutputError(parsed.problem);
    return mergeVerdict(engine, parsed.value, knowledge);
  } catch (err) {
    log(`[llm] check fell back to the engine: ${describeLlmFailure(err)}`);
    return fallbackVerdict(engine);
  }
}

/**
 * A streamed answer, whole and checked before any of it is shown: the pieces are joined (cut at
 * MAX_REPLY_CHARS) and the joined text is refused when it is empty or talks the message down
 * (bot/llm.ts talksDown), so a phrase split across pieces, or following a harmless start, never
 * reaches the screen. Throws LlmOutputError; stops the model early once the text is refused.
 */
export async function checkedStreamText(
  llm: LlmClient,
  prompt: PromptMessage[],
  signal?: AbortSignal,
): Promise<string> {
  let text = '';
  for await (const chunk of llm.stream(prompt, signal ? { signal } : {})) {
    text += chunk.slice(0, MAX_REPLY_CHARS - text.length);
    if (talksDown(text)) throw new LlmOutputError('contradiction');
    if (text.length >= MAX_REPLY_CHARS) break;
  }
  if (!text.trim()) throw new LlmOutputError('empty');
  if (talksDown(text)) throw new LlmOutputError('contradiction');
  return text;
}
