/**
 * The islands' one client for the API: `hc<AppType>`, so request and response types come from the
 * routes themselves (a changed route is a type error here, not a surprise in the browser), and
 * `answer()`, which turns an error answer into an ApiCallError with the server's Chinese message.
 */
import { hc, type ClientResponse } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { AppType } from '../../functions/app.ts';

let csrfToken: string | undefined;

/** The admin session's CSRF token (from login or /me): sent with every call while signed in. */
export function setCsrfToken(token: string | undefined) {
  csrfToken = token;
}

/** The API under /api/, same origin, with the session cookie and, once signed in, the CSRF token. */
export const api = hc<AppType>('/', {
  headers: (): Record<string, string> => ({
    Accept: 'application/json',
    ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
  }),
  init: { credentials: 'same-origin' },
}).api;

/** An error answer, with its stable English code and the server's Chinese message. */
export class ApiCallError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: { field: string; message: string }[];
  constructor(
    status: number,
    code: string,
    message: string,
    details: { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiCallError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The JSON a call answers with when it succeeds. */
export type Answer<R> =
  R extends ClientResponse<infer T, infer S, 'json'>
    ? S extends SuccessStatusCode
      ? T
      : never
    : never;

interface ErrorBody {
  error?: { code?: string; message?: string; details?: { field: string; message: string }[] };
}

/**
 * Awaits a call and returns its JSON; an error answer throws ApiCallError (status 0: the network
 * failed), in words a person can act on.
 */
export async function answer<R extends ClientResponse<unknown, number, 'json' | 'text' | 'body'>>(
  call: Promise<R>,
): Promise<Answer<R>> {
  let res: R;
  try {
    res = await call;
  } catch {
    throw new ApiCallError(0, 'network', '网络不通，操作没有完成。请检查网络后重试。');
  }
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const e = (data as ErrorBody | null)?.error;
    throw new ApiCallError(
      res.status,
      e?.code ?? 'error',
      e?.message ?? `操作没有成功（${res.status}）。`,
      e?.details ?? [],
    );
  }
  return data as Answer<R>;
}

/**
 * Query parameters as the API takes them: numbers as strings, and empty choices ('' = any) left
 * out.
 */
export function nonEmpty<T extends Record<string, string | number | undefined>>(
  params: T,
): { [K in keyof T]?: string } {
  const out: { [K in keyof T]?: string } = {};
  for (const k of Object.keys(params) as (keyof T)[]) {
    const v = params[k];
    if (v !== undefined && v !== '') out[k] = String(v);
  }
  return out;
}
