/**
 * The public exposure board (曝光台) and number look-up: `GET /api/exposures` (paginated, ETag),
 * `/api/exposures.json` and `/api/exposures.csv` (open data), `GET /api/lookup?q=`. Only approved
 * (and, for personal kinds, second-approved) entries, always masked where personal; a personal
 * entry is matched only by HMAC and within a look-up budget, and never answered with its key.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { BlocklistEntry, Knowledge } from '../bot/types.ts';
import { lookupExposure, lookupKeys } from '../site/lib/exposure-lookup.ts';
import { EXPOSURE_KINDS, EXPOSURE_KIND_KEYS } from '../site/lib/taxonomy.ts';
import type { Env } from './middleware/client-ip.ts';
import { CACHE_CONTROL } from './middleware/cache-policy.ts';
import { queryParams } from './middleware/json-body.ts';
import { noNulString } from './schemas/text.ts';
import type { ExposureRow } from './store/types.ts';
import { personalCandidates } from './security/personal-lookup.ts';
import { personalMatcherFor, type TipoffServiceDeps } from './tipoff-service.ts';
import { exposureToBlocklist } from './service/blocklist.ts';
import { rateLimited } from './service/limits.ts';

const ListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  kind: z.enum(EXPOSURE_KIND_KEYS, { error: '类型不对' }).optional(),
});

const LookupQuerySchema = z.object({
  q: noNulString({ error: '请输入要查询的号码、网址或账号' })
    .trim()
    .min(3, '请输入要查询的号码、网址或账号')
    .max(200, '查询内容太长了'),
});

/** An entry as the public sees it: masked display, never the clear value of a personal kind. */
export function publicExposure(e: ExposureRow) {
  return {
    id: e.id,
    kind: e.kind,
    kindLabel: EXPOSURE_KINDS[e.kind],
    display: e.display,
    pattern: e.pattern,
    note: e.publicNote,
    reportCount: e.reportCount,
    publishedAt: e.publishedAt,
  };
}

/**
 * Neutralizes spreadsheet formulas (CSV injection, OWASP): a cell starting with = + - @ tab or CR
 * gets a leading apostrophe; quotes are doubled and every cell is quoted.
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

async function etagFor(d: TipoffServiceDeps, variant: string): Promise<string> {
  const version = await d.store.exposuresVersion();
  const bytes = new TextEncoder().encode(`${version}|${variant}`);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return `W/"${Array.from(hash.subarray(0, 12), (b) => b.toString(16).padStart(2, '0')).join('')}"`;
}

/** Answers 304 when the client's copy is current; otherwise sets the ETag and returns false. */
function notModified(c: Context, etag: string) {
  c.header('ETag', etag);
  // Anyone may keep the public board for a minute, then ask again (cheaply, with the ETag).
  c.header('Cache-Control', CACHE_CONTROL.live);
  const inm = c.req.header('if-none-match');
  if (inm && inm.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    return c.body(null, 304);
  }
  return null;
}

async function allPublished(d: TipoffServiceDeps): Promise<ExposureRow[]> {
  return d.store.publishedExposures();
}

export interface ExposureRouteDeps {
  getDeps: () => TipoffServiceDeps;
  /** The engine's knowledge (build-time notices; approved entries merged in), when configured. */
  getKnowledge?: () => Knowledge;
}

export function exposureRoutes({ getDeps, getKnowledge }: ExposureRouteDeps) {
  return new Hono<Env>()
    .get('/exposures', queryParams(ListQuerySchema), async (c) => {
      const d = getDeps();
      const q = c.req.valid('query');
      const etag = await etagFor(d, `list:${q.page}:${q.pageSize}:${q.kind ?? ''}`);
      const cached = notModified(c, etag);
      if (cached) return cached;
      const page = await d.store.listExposures({ ...q, status: 'published' });
      return c.json({
        items: page.items.map(publicExposure),
        total: page.total,
        page: page.page,
        pageSize: page.pageSize,
      });
    })
    .get('/exposures.json', async (c) => {
      const d = getDeps();
      const cached = notModified(c, await etagFor(d, 'json'));
      if (cached) return cached;
      const rows = await allPublished(d);
      return c.json({
        generatedAt: d.now().toISOString(),
        count: rows.length,
        items: rows.map(publicExposure),
      });
    })
    .get('/exposures.csv', async (c) => {
      const d = getDeps();
      const cached = notModified(c, await etagFor(d, 'csv'));
      if (cached) return cached;
      const rows = await allPublished(d);
      const header = ['类型', '号码/网址/名称', '诈骗类型', '说明', '举报次数', '发布日期'];
      const lines = [header.map(csvCell).join(',')];
      for (const e of rows) {
        lines.push(
          [
            EXPOSURE_KINDS[e.kind],
            e.display,
            e.pattern ?? '',
            e.publicNote,
            e.reportCount,
            (e.publishedAt ?? '').slice(0, 10),
          ]
            .map(csvCell)
            .join(','),
        );
      }
      // The BOM makes spreadsheet programs read the Chinese text as UTF-8.
      return c.body(`\uFEFF${lines.join('\r\n')}\r\n`, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="fanzha-exposures.csv"',
      });
    })
    .get('/lookup', queryParams(LookupQuerySchema), async (c) => {
      const d = getDeps();
      if (d.limiter) {
        const wait =
          d.limiter.lookupClient.take(c.get('clientIp')) || d.limiter.lookupGlobal.take('lookup');
        if (wait > 0) throw rateLimited(wait);
      }
      const q = c.req.valid('query').q;
      // The query could be any kind: try its key as each kind, keep matches of the same kind.
      const keyOf = lookupKeys(q);
      const fromBoard = (await d.store.findExposures([...new Set(keyOf.values())])).filter(
        (e) => keyOf.get(e.kind) === e.key,
      );
      const onBoard = new Set(fromBoard.map((e) => `${e.kind}|${e.key}`));
      const notices = lookupExposure(getKnowledge?.().blocklist ?? [], q).filter(
        (e) => !onBoard.has(`${e.kind}|${e.key}`),
      );
      // People's phones, ID and card numbers: by HMAC, each distinct value spending the budget.
      const personal = personalMatcherFor(d, c.get('clientIp'));
      const people = personalCandidates(q).flatMap(([kind, key]) => personal.match(kind, key));
      // Each entry is a BlocklistEntry (as the engine and the offline look-up use) plus its label.
      const entries: (BlocklistEntry & { kindLabel: string })[] = [
        ...fromBoard.map((e) => ({ ...exposureToBlocklist(e), kindLabel: EXPOSURE_KINDS[e.kind] })),
        ...notices.map((e) => ({ ...e, kindLabel: EXPOSURE_KINDS[e.kind] })),
        ...people.map((e) => ({ ...e, kindLabel: EXPOSURE_KINDS[e.kind] })),
      ];
      const personalChecked = !personal.refused();
      return c.json({
        listed: entries.length > 0,
        entries,
        // False when the look-up budget for personal entries ran out: they were not checked.
        personalChecked,
        advice:
          entries.length > 0
            ? '这个号码/网址已被核实用于诈骗：不要接听、不要点击、不要转账。已经转账请立即拨打110。'
            : personalChecked
              ? '暂未收录，但这不代表安全。拿不准时请拨打96110咨询；已经转账请立即拨打110。'
              : '查询太频繁，这次没能核对涉诈人员的号码和账户，请稍后再试。没查到不代表安全，拿不准时请拨打96110咨询；已经转账请立即拨打110。',
      });
    });
}
