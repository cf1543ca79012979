/**
 * The moderation console's client for /api/admin/ (functions/moderation.ts): one `adminFetch` that
 * sends the session's X-CSRF-Token on every state-changing call and turns error answers into
 * `AdminApiError` with the server's Chinese message, plus the shapes the console reads.
 */
import type {
  TipoffCategory,
  TipoffEntityKind,
  TipoffStatus,
} from '../../functions/schemas/tipoff.ts';
import type { AuditRow } from '../../functions/store/types.ts';
import type { ExposureKind } from '../lib/taxonomy.ts';

export type Role = 'moderator' | 'supervisor';

export interface Me {
  username: string;
  role: Role;
  csrfToken: string;
}

/** A queue or related-case item (`summary()` in functions/moderation.ts). */
export interface CaseSummary {
  id: string;
  category: TipoffCategory;
  categoryLabel: string;
  status: TipoffStatus;
  statusLabel: string;
  district: string | null;
  occurredAt: string | null;
  lostMoney: boolean;
  contact: string | null;
  hasContact: boolean;
  score: number;
  level: string | null;
  groupId: string;
  mergedInto: string | null;
  createdAt: string;
  updatedAt: string;
  groupSize?: number;
  priority?: number;
  /** First line of the description, when the queue provides it. */
  excerpt?: string;
  /** The case's numbers and links, when the queue provides them. */
  entities?: { kind: TipoffEntityKind; value: string }[];
}

export interface QueuePage {
  items: CaseSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface CaseDetail extends CaseSummary {
  description: string | null;
  verdict: {
    level?: string | null;
    score?: number;
    pattern?: { slug: string; title: string };
    signals?: { id: string; label: string }[];
    listed?: { kind: ExposureKind; display: string; source?: { title: string } }[];
  } | null;
  entities: { kind: TipoffEntityKind; value: string; source: 'citizen' | 'text' }[];
  related: CaseSummary[];
  groupSize: number;
  attachments: { id: string; mime: string; size: number; createdAt: string; url: string }[];
  messages: {
    at: string;
    author: string;
    kind: 'request-info' | 'citizen-info' | 'note';
    public: boolean;
    text: string | null;
  }[];
  reward: {
    state: 'reward-pending' | 'reward-paid';
    amount: number | null;
    updatedBy: string;
    updatedAt: string;
  } | null;
  purgedAt: string | null;
  closedAt: string | null;
}

export interface ExposureAdmin {
  id: string;
  kind: ExposureKind;
  kindLabel: string;
  display: string;
  value: string | null;
  pattern: string | null;
  publicNote: string;
  status: 'pending' | 'published' | 'withdrawn';
  reportCount: number;
  createdBy: string;
  confirmedBy: string | null;
  createdAt: string;
  publishedAt: string | null;
  updatedAt: string;
  needsConfirmation: boolean;
}

/** An audit-log entry as GET /api/admin/audit sends it: the store's row as it is. */
export type AuditEntry = AuditRow;

/** An error answer from the API, with its stable code and Chinese message. */
export class AdminApiError extends Error {
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
    this.name = 'AdminApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Calls the admin API; `csrfToken` goes with every POST (the server refuses them without it). */
export async function adminFetch<T>(
  path: string,
  opts: { method?: 'GET' | 'POST'; body?: unknown; csrfToken?: string | undefined } = {},
): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (opts.csrfToken) headers['X-CSRF-Token'] = opts.csrfToken;
  }
  let res: Response;
  try {
    res = await fetch(`/api/admin${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(method !== 'GET' ? { body: JSON.stringify(opts.body ?? {}) } : {}),
    });
  } catch {
    throw new AdminApiError(0, 'network', '网络不通，操作没有完成。请检查网络后重试。');
  }
  const data = (await res.json().catch(() => null)) as
    | (T & {
        error?: { code?: string; message?: string; details?: { field: string; message: string }[] };
      })
    | null;
  if (!res.ok) {
    const e = data?.error;
    throw new AdminApiError(
      res.status,
      e?.code ?? 'error',
      e?.message ?? `操作没有成功（${res.status}）。`,
      e?.details ?? [],
    );
  }
  return data as T;
}

/** ?a=1&b=2 from the defined values. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
