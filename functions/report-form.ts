/**
 * The no-JavaScript side of 有奖举报: plain HTML forms posted to /report/submit, /report/status and
 * /report/add-info, answered with whole HTML pages rendered from the same Preact views as the
 * islands. Same service calls and schema as the JSON API, so both paths accept the same input.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { h, type ComponentChildren } from 'preact';
import { siteConfig } from '../site/lib/site-config.ts';
import { t } from '../site/i18n/t.ts';
import type { FormError } from '../site/views/form-parts.ts';
import {
  EMPTY_REPORT_VALUES,
  ReportFormView,
  reportFormErrors,
  type ReportFormValues,
} from '../site/views/report-form-view.ts';
import { ReceiptView } from '../site/views/receipt-view.ts';
import {
  ADD_INFO_FIELD_IDS,
  AddInfoForm,
  STATUS_FIELD_IDS,
  StatusLookupForm,
  StatusResult,
  linkedErrors,
} from '../site/views/status-view.ts';
import { ApiError } from './errors.ts';
import type { Env } from './middleware/client-ip.ts';
import {
  formBodyLimit,
  formKind,
  readFormBody,
  type FormFields,
  type IncomingAttachment,
} from './middleware/form-body.ts';
import { renderHtmlPage } from './html-page.ts';
import { tipoffFromForm, TipoffStatusSchema } from './schemas/tipoff.ts';
import type { TipoffServiceDeps } from './tipoff-service.ts';
import { addTipoffInfo, tipoffStatus } from './service/citizen-status.ts';
import { createTipoff } from './service/submission.ts';
import { limitBeforeBody, type BodyLimit } from './service/limits.ts';

/**
 * Reads a urlencoded or multipart body (bounded: functions/middleware/form-body.ts): text fields as
 * strings (arrays when repeated) and files; null when it is not a form or not a well-formed one.
 * Too many fields throw ApiError 413 `too_many_fields`.
 */
async function readForm(
  c: Context<Env>,
): Promise<{ fields: FormFields; files: IncomingAttachment[] } | null> {
  if (!formKind(c.req.header('content-type'))) return null;
  try {
    // A file input left empty still sends one nameless, empty part: that is no screenshot.
    return await readFormBody(c, {
      fileField: 'screenshots',
      keepFile: (f) => f.bytes.length > 0 || Boolean(f.filename),
    });
  } catch (err) {
    if (err instanceof ApiError && err.code === 'bad_form') return null;
    throw err;
  }
}

const field = (f: FormFields, name: string): string => {
  const v = f[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};

/** The form's values as typed, to put back into the fields when the form comes back with errors. */
function valuesFromForm(f: FormFields): ReportFormValues {
  const checked = (n: string) => ['on', 'true', '1', 'yes'].includes(field(f, n));
  const entities = f['entities'];
  return {
    ...EMPTY_REPORT_VALUES,
    category: field(f, 'category'),
    description: field(f, 'description'),
    entities: Array.isArray(entities) ? entities.join('\n') : (entities ?? ''),
    occurredAt: field(f, 'occurredAt'),
    district: field(f, 'district'),
    lostMoney: checked('lostMoney'),
    contactName: field(f, 'contact.name'),
    contactPhone: field(f, 'contact.phone'),
    contactOther: field(f, 'contact.other'),
    consent: checked('consent'),
  };
}

function html(
  c: Context,
  body: string,
  status: 200 | 400 | 403 | 404 | 409 | 413 | 422 | 429 | 503,
) {
  // These pages hold a receipt or what the citizen typed: never cache, never send a Referer on.
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return c.html(body, status);
}

/** The report page's top part, as on /report/ (kept short: the form is what matters here). */
function reportIntro(): ComponentChildren {
  return [
    h('h1', { key: 'h1' }, t('report.title')),
    h('p', { key: 'lead', class: 'lead' }, t('report.lead')),
  ];
}

function reportPage(
  c: Context,
  values: ReportFormValues,
  errors: FormError[],
  status: 200 | 413 | 422 | 429 | 503,
  opts: { hadFiles?: boolean; message?: string } = {},
) {
  return html(
    c,
    renderHtmlPage({
      title: t('report.title'),
      hasErrors: errors.length > 0 || Boolean(opts.message),
      current: '/report/',
      body: [
        ...[reportIntro()].flat(),
        opts.message &&
          h(
            'div',
            { class: 'error-summary', tabIndex: -1, autoFocus: true, role: 'alert' },
            h('p', null, opts.message),
          ),
        ReportFormView({
          values,
          errors,
          enhanced: false,
          focusSummary: !opts.message,
          screenshotsNote: opts.hadFiles ? t('report.screenshots.again') : undefined,
        }),
      ],
    }),
    status,
  );
}

function statusPage(
  c: Context,
  opts: {
    receipt: string;
    errors?: FormError[];
    result?: Awaited<ReturnType<typeof tipoffStatus>>;
    notice?: string;
    infoText?: string;
    infoErrors?: FormError[];
    infoMessage?: string;
    hadFiles?: boolean;
  },
  status: 200 | 404 | 409 | 413 | 422 | 429 | 503,
) {
  const errors = opts.errors ?? [];
  const infoErrors = opts.infoErrors ?? [];
  const r = opts.result;
  return html(
    c,
    renderHtmlPage({
      title: t('status.title'),
      hasErrors: errors.length + infoErrors.length > 0 || Boolean(opts.infoMessage),
      body: [
        h('h1', null, t('status.title')),
        r ? null : StatusLookupForm({ receipt: opts.receipt, errors, focusSummary: true }),
        r &&
          StatusResult({
            result: r,
            notice: opts.notice,
            children: r.canAddInfo
              ? AddInfoForm({
                  receipt: opts.receipt,
                  text: opts.infoText ?? '',
                  errors: infoErrors,
                  focusSummary: true,
                  formMessage: opts.infoMessage,
                })
              : undefined,
          }),
        r && h('p', null, h('a', { href: '/report/status/' }, t('status.again'))),
      ],
    }),
    status,
  );
}

/** Lets the form through only when the browser says it came from this site (CSRF). */
function sameOrigin(c: Context): boolean {
  if (c.req.header('sec-fetch-site') === 'same-origin') return true;
  const origin = c.req.header('origin');
  if (!origin) return false;
  // Behind a TLS-terminating proxy the request URL may read http://; the public origin is configured.
  return origin === new URL(c.req.url).origin || origin === siteConfig.siteUrl;
}

function errorPage(c: Context, status: 400 | 403 | 413 | 429 | 503, message: string) {
  return html(
    c,
    renderHtmlPage({
      title: t('report.title'),
      hasErrors: true,
      body: [
        h('h1', null, t('report.title')),
        h(
          'div',
          { class: 'error-summary', tabIndex: -1, autoFocus: true, role: 'alert' },
          h('p', null, message),
        ),
        h(
          'p',
          null,
          h('a', { class: 'btn btn-primary', href: '/report/' }, t('report.backToForm')),
        ),
      ],
    }),
    status,
  );
}

const asStatus = <T extends number>(s: number, allowed: readonly T[], fallback: T): T =>
  (allowed as readonly number[]).includes(s) ? (s as T) : fallback;

/**
 * Routes under /report/ (mount with `app.route('/report', reportFormRoutes(tipoffs))`). The
 * service deps come from the adapter; a getter lets the app build them lazily.
 */
export function reportFormRoutes(getDeps: () => TipoffServiceDeps | Promise<TipoffServiceDeps>) {
  const limit = formBodyLimit((c) => errorPage(c, 413, t('report.error.tooLarge')));
  const ip = (c: Context<Env>) => c.get('clientIp') ?? 'unknown';
  /**
   * Takes the route's rate limits before anything reads the body (the size limit included), so a
   * client over its limit costs no parse; answers with a page when out or when the store is down.
   */
  const limitFirst =
    (...limits: BodyLimit[]): MiddlewareHandler<Env> =>
    async (c, next) => {
      try {
        limitBeforeBody(await getDeps(), ip(c), limits);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        return errorPage(c, err.status === 429 ? 429 : 503, err.message);
      }
      return next();
    };
  /** Reads the form, or answers with a page when it is not one or has too many fields. */
  const formOrPage = async (c: Context<Env>) => {
    try {
      return (await readForm(c)) ?? errorPage(c, 400, t('report.error.badForm'));
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 413) throw err;
      return errorPage(c, 413, err.message);
    }
  };

  return new Hono<Env>()
    .use('*', async (c, next) => {
      if (c.req.method === 'POST' && !sameOrigin(c))
        return errorPage(c, 403, t('report.error.csrf'));
      return next();
    })
    .post('/submit', limitFirst('submit'), limit, async (c) => {
      const form = await formOrPage(c);
      if (form instanceof Response) return form;
      const { fields, files } = form;
      const values = valuesFromForm(fields);
      const hadFiles = files.length > 0;
      try {
        const { receipt } = await createTipoff(await getDeps(), tipoffFromForm(fields), files);
        return html(
          c,
          renderHtmlPage({
            title: t('report.receipt.title'),
            current: '/report/',
            body: [ReceiptView({ code: receipt, headingLevel: 1 })],
          }),
          200,
        );
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        if (err.code === 'invalid_input' && Array.isArray(err.details)) {
          return reportPage(
            c,
            values,
            reportFormErrors(err.details as { field: string; message: string }[]),
            422,
            { hadFiles },
          );
        }
        if (
          ['too_many_attachments', 'attachment_too_large', 'invalid_attachment'].includes(err.code)
        ) {
          return reportPage(
            c,
            values,
            reportFormErrors([{ field: 'screenshots', message: err.message }]),
            asStatus(err.status, [413, 422] as const, 422),
            { hadFiles },
          );
        }
        return reportPage(c, values, [], asStatus(err.status, [429, 503] as const, 422), {
          hadFiles,
          message: err.message,
        });
      }
    })
    .post('/status', limitFirst('receipt'), limit, async (c) => {
      const form = await formOrPage(c);
      if (form instanceof Response) return form;
      const { fields } = form;
      const receipt = field(fields, 'receipt');
      const parsed = TipoffStatusSchema.safeParse({ receipt });
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ field: 'receipt', message: i.message }));
        return statusPage(c, { receipt, errors: linkedErrors(STATUS_FIELD_IDS, issues) }, 422);
      }
      try {
        const result = await tipoffStatus(await getDeps(), parsed.data.receipt);
        if (!result) {
          return statusPage(
            c,
            {
              receipt,
              errors: linkedErrors(STATUS_FIELD_IDS, [
                { field: 'receipt', message: t('status.notFound') },
              ]),
            },
            404,
          );
        }
        return statusPage(c, { receipt: parsed.data.receipt, result }, 200);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        return statusPage(
          c,
          {
            receipt,
            errors: linkedErrors(STATUS_FIELD_IDS, [{ field: 'receipt', message: err.message }]),
          },
          asStatus(err.status, [429, 503] as const, 429),
        );
      }
    })
    .post('/add-info', limitFirst('submit', 'receipt'), limit, async (c) => {
      const form = await formOrPage(c);
      if (form instanceof Response) return form;
      const { fields, files } = form;
      const receipt = field(fields, 'receipt').trim();
      const text = field(fields, 'text');
      const notFound = () =>
        statusPage(
          c,
          {
            receipt,
            errors: linkedErrors(STATUS_FIELD_IDS, [
              { field: 'receipt', message: t('status.notFound') },
            ]),
          },
          404,
        );
      let deps: TipoffServiceDeps;
      try {
        deps = await getDeps();
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        return statusPage(
          c,
          {
            receipt,
            errors: linkedErrors(STATUS_FIELD_IDS, [{ field: 'receipt', message: err.message }]),
          },
          503,
        );
      }
      try {
        await addTipoffInfo(deps, receipt, text, files);
        const result = await tipoffStatus(deps, receipt);
        if (!result) return notFound();
        return statusPage(c, { receipt, result, notice: t('status.addInfo.done') }, 200);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        if (err.code === 'receipt_not_found') return notFound();
        const result = await tipoffStatus(deps, receipt).catch(() => null);
        if (!result) return notFound();
        const hadFiles = files.length > 0;
        if (err.code === 'invalid_input' && Array.isArray(err.details)) {
          const infoErrors = linkedErrors(
            ADD_INFO_FIELD_IDS,
            err.details as { field: string; message: string }[],
          );
          return statusPage(c, { receipt, result, infoText: text, infoErrors, hadFiles }, 422);
        }
        if (
          ['too_many_attachments', 'attachment_too_large', 'invalid_attachment'].includes(err.code)
        ) {
          const infoErrors = linkedErrors(ADD_INFO_FIELD_IDS, [
            { field: 'screenshots', message: err.message },
          ]);
          return statusPage(
            c,
            { receipt, result, infoText: text, infoErrors, hadFiles },
            asStatus(err.status, [413, 422] as const, 422),
          );
        }
        // A closed case shows no form to put the message in: say it above the status instead.
        const closed = !result.canAddInfo;
        return statusPage(
          c,
          {
            receipt,
            result,
            infoText: text,
            notice: closed ? err.message : undefined,
            infoMessage: closed ? undefined : err.message,
          },
          asStatus(err.status, [409, 429] as const, 409),
        );
      }
    });
}
