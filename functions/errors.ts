/**
 * API errors in one place: every failure leaves as `{error: {code, message}}` with a stable English
 * code for programs and a kind Chinese message for people. Unknown errors never leak details.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error the API means to answer with: status, stable code and a Chinese message. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly details: unknown;
  readonly headers: Record<string, string> | undefined;
  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    options: { details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers;
  }
}

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; requestId?: string; details?: unknown };
}

export function errorJson(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details?: unknown,
) {
  const body: ErrorBody = { error: { code, message } };
  if (details !== undefined) body.error.details = details;
  return c.json(body, status);
}

const STATUS_CODES: Partial<Record<number, [string, string]>> = {
  400: ['bad_request', '请求的格式不对，请检查后再试。'],
  401: ['unauthorized', '请先登录。'],
  403: ['forbidden', '您没有权限进行这个操作。'],
  404: ['not_found', '找不到您要的内容。'],
  405: ['method_not_allowed', '不支持这种请求方式。'],
  413: ['payload_too_large', '提交的内容太大了，请删减后再试。'],
  415: ['unsupported_media_type', '提交的格式不对，请用 JSON 或表单提交。'],
  429: ['rate_limited', '操作太频繁了，请稍等一会儿再试。'],
  503: ['unavailable', '服务暂时不可用，请稍后再试。紧急情况请直接拨打 110。'],
};

/** Turns thrown errors into the JSON error shape; logs unknown ones without request data. */
export function makeErrorHandler(log: (line: string) => void = console.error): ErrorHandler {
  return (err, c) => {
    if (err instanceof ApiError) {
      if (err.headers) for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
      return errorJson(c, err.status, err.code, err.message, err.details);
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const [code, message] = STATUS_CODES[status] ?? ['error', '请求没有成功，请稍后再试。'];
      return errorJson(c, status, code, message);
    }
    const requestId = crypto.randomUUID();
    // Only the error's class and message: never the request body, which may hold personal data.
    log(`[error] ${requestId} ${c.req.method} ${routePath(c)} ${err.name}: ${err.message}`);
    const body: ErrorBody = {
      error: { code: 'internal', message: '系统出了点问题，请稍后再试。紧急情况请直接拨打 110。', requestId },
    };
    return c.json(body, 500);
  };
}

export const notFoundHandler: NotFoundHandler = (c) =>
  errorJson(c, 404, 'not_found', '找不到您要的内容。');
