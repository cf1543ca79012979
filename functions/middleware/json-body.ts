/**
 * JSON input for API routes: refuses other content types (Hono's validator would quietly yield `{}`),
 * caps the body size (also for chunked bodies, via Hono's bodyLimit), and validates with the route's
 * zod schema so handlers read input only through `c.req.valid('json')`.
 */
import type { Env, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { ApiError } from '../errors.ts';

/** One field's problem, for the form's error summary. */
export interface FieldError {
  field: string;
  message: string;
}

/** Turns zod issues into field errors with Chinese messages (schemas carry their own messages). */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({
    field: i.path.map(String).join('.') || '(body)',
    message: /[\u4e00-\u9fff]/.test(i.message) ? i.message : '这一项的格式不对。',
  }));
}

export function requireJson(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', '提交的内容太大了，请删减后再试。');
    },
  });
  return async (c, next) => {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        '请用 JSON 格式提交（Content-Type: application/json）。',
      );
    }
    await limit(c, next);
  };
}

/**
 * What a typed client (hc<AppType>, site/lib/api.ts) may send in a query string for a schema with
 * input `I`: each parameter a string, optional where the schema has a default or is optional.
 */
type QueryInput<I> = { [K in keyof I as undefined extends I[K] ? never : K]: string } & {
  [K in keyof I as undefined extends I[K] ? K : never]?: string;
};

/** A validator middleware whose client input is the schema's input and whose output is its output. */
type Validates<T extends 'json' | 'query', In, Out> = MiddlewareHandler<
  Env,
  string,
  { in: { [K in T]: In }; out: { [K in T]: Out } }
>;

/** Validates the JSON body with `schema`; 400 on bad JSON, 422 with field errors on bad fields. */
export function jsonBody<S extends z.ZodType>(
  schema: S,
): Validates<'json', z.input<S>, z.output<S>> {
  // Hono's json validator already parsed the body (malformed JSON → HTTPException 400).
  const check = validator('json', async (value) => {
    const parsed = await schema.safeParseAsync(value);
    if (!parsed.success) {
      throw new ApiError(422, 'invalid_input', '有几项填写得不对，请检查。', {
        details: fieldErrors(parsed.error),
      });
    }
    return parsed.data as z.output<S>;
  });
  // Hono derives the client's input from the validator's output (defaults made required, numbers
  // typed as numbers); the client sends the schema's input, so that is what its type says.
  return check as unknown as Validates<'json', z.input<S>, z.output<S>>;
}

/** Validates the query string with `schema`; 422 with field errors on bad parameters. */
export function queryParams<S extends z.ZodType>(
  schema: S,
): Validates<'query', QueryInput<z.input<S>>, z.output<S>> {
  const check = validator('query', (value) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new ApiError(422, 'invalid_input', '查询条件不对。', {
        details: fieldErrors(parsed.error),
      });
    }
    return parsed.data as z.output<S>;
  });
  // Hono derives the client's input from the validator's output (defaults made required, numbers
  // typed as numbers); the client sends the schema's input, so that is what its type says.
  return check as unknown as Validates<'query', QueryInput<z.input<S>>, z.output<S>>;
}
