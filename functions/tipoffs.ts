/**
 * `POST /api/tipoffs` (JSON, or multipart with up to 3 `screenshots`), `POST /api/tipoffs/status`
 * and `POST /api/tipoffs/info`. Receipts travel only in bodies, never in URLs (which end up in
 * logs and browser history). The no-JS form pages call the same service (functions/report-form.ts).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { ApiError } from './errors.ts';
import type { Env } from './middleware/client-ip.ts';
import { sameOriginOnly } from './middleware/csrf.ts';
import {
  formBodyLimit,
  formKind,
  readFormBody,
  type FormFields,
  type IncomingAttachment,
} from './middleware/form-body.ts';
import { jsonBody, requireJson } from './middleware/json-body.ts';
import { TipoffInfoSchema, TipoffStatusSchema, tipoffFromForm } from './schemas/tipoff.ts';
import type { TipoffServiceDeps } from './tipoff-service.ts';
import { addTipoffInfo, tipoffStatus } from './service/citizen-status.ts';
import { createTipoff } from './service/submission.ts';
import { limitBeforeBody, type BodyLimit } from './service/limits.ts';

/** JSON bodies: a tip-off with 20 entities and 2,000 characters of text is far below this. */
export const TIPOFF_JSON_MAX = 64 * 1024;

const isMultipart = (c: Context) => formKind(c.req.header('content-type')) === 'multipart';

/** Accepts JSON (≤ 64 KB) or multipart (≤ 16 MB); the limits hold for chunked bodies too. */
function jsonOrMultipart(): MiddlewareHandler {
  const json = requireJson(TIPOFF_JSON_MAX);
  const multipart = formBodyLimit(() => {
    throw new ApiError(413, 'payload_too_large', '提交的内容太大了：每张截图不超过5MB，最多3张。');
  });
  return (c, next) => (isMultipart(c) ? multipart(c, next) : json(c, next));
}

/** Reads the body as fields and screenshots, whichever way it was sent. */
async function readBody(
  c: Context,
): Promise<{ fields: unknown; form: FormFields | null; files: IncomingAttachment[] }> {
  if (!isMultipart(c)) {
    let fields: unknown;
    try {
      fields = await c.req.json();
    } catch {
      throw new ApiError(400, 'bad_json', '提交的内容不是有效的 JSON。');
    }
    return { fields, form: null, files: [] };
  }
  // An empty file input still sends a part with no name and no bytes.
  const { fields: form, files } = await readFormBody(c, {
    fileField: 'screenshots',
    keepFile: (f) => f.bytes.length > 0,
  });
  return { fields: tipoffFromForm(form), form, files };
}

/**
 * Takes the route's rate limits before anything reads the body: a client over its limit is turned
 * away without costing a parse.
 */
function limitFirst(
  getDeps: () => TipoffServiceDeps,
  ...limits: BodyLimit[]
): MiddlewareHandler<Env> {
  return async (c, next) => {
    limitBeforeBody(getDeps(), c.get('clientIp'), limits);
    await next();
  };
}

const firstOf = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function tipoffRoutes(getDeps: () => TipoffServiceDeps) {
  return (
    new Hono<Env>()
      // Another site's page must not submit (or look up) tip-offs in a visitor's name.
      .use('*', sameOriginOnly())
      .post('/', limitFirst(getDeps, 'submit'), jsonOrMultipart(), async (c) => {
        const { fields, files } = await readBody(c);
        const { receipt } = await createTipoff(getDeps(), fields, files);
        return c.json({ receipt }, 201);
      })
      .post(
        '/status',
        limitFirst(getDeps, 'receipt'),
        requireJson(4 * 1024),
        jsonBody(TipoffStatusSchema),
        async (c) => {
          const { receipt } = c.req.valid('json');
          const status = await tipoffStatus(getDeps(), receipt);
          if (!status) {
            throw new ApiError(
              404,
              'receipt_not_found',
              '没有找到这个回执码对应的举报，请核对后再试。',
            );
          }
          return c.json(status);
        },
      )
      .post('/info', limitFirst(getDeps, 'submit', 'receipt'), jsonOrMultipart(), async (c) => {
        const { fields, form, files } = await readBody(c);
        const raw = form
          ? { receipt: firstOf(form['receipt']), text: firstOf(form['text']) }
          : fields;
        const parsed = TipoffInfoSchema.safeParse(raw);
        if (!parsed.success) {
          throw new ApiError(422, 'invalid_input', '有几项填写得不对，请检查。', {
            details: parsed.error.issues.map((i) => ({
              field: i.path.join('.') || '(body)',
              message: i.message,
            })),
          });
        }
        return c.json(await addTipoffInfo(getDeps(), parsed.data.receipt, parsed.data.text, files));
      })
  );
}
