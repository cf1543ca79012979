/**
 * The moderation console (/admin/): sign-in, the queue (grouped reports first, as the API sorts
 * it), a case's details and actions, bulk actions, and — for supervisors — rewards, contact
 * details, second approvals, withdrawing published exposure entries and the audit log. Everything citizens wrote is rendered as text
 * (Preact escapes it); nothing here uses innerHTML.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { LoginSchema, WithdrawExposureSchema } from '../../functions/schemas/moderation.ts';
import {
  TIPOFF_CATEGORIES,
  TIPOFF_CATEGORY_KEYS,
  TIPOFF_STATUS_KEYS,
  TIPOFF_STATUS_LABELS,
} from '../../functions/schemas/tipoff.ts';
import { t } from '../i18n/t.ts';
import { siteConfig } from '../lib/site-config.ts';
import { formatChinaTime } from '../views/status-view.ts';
import {
  AdminApiError,
  adminFetch,
  queryString,
  type AuditEntry,
  type CaseSummary,
  type ExposureAdmin,
  type Me,
  type QueuePage,
} from './admin-api.ts';
import {
  AdminCase,
  Notice,
  TextAction,
  firstLine,
  flashOnFailure,
  type Flash,
} from './AdminCase.tsx';

type View =
  { name: 'queue' } | { name: 'case'; id: string } | { name: 'audit' } | { name: 'exposures' };

function LoginView(props: { onLogin: (me: Me) => void; message?: string | undefined }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ field: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0) summaryRef.current?.focus();
  }, [errors]);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const parsed = LoginSchema.safeParse({ username, password });
    if (!parsed.success) {
      setErrors(parsed.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message })));
      return;
    }
    setBusy(true);
    try {
      const me = await adminFetch<Me>('/login', { method: 'POST', body: parsed.data });
      setErrors([]);
      props.onLogin(me);
    } catch (err) {
      setErrors([
        {
          field: 'password',
          message: err instanceof AdminApiError ? err.message : t('admin.error.generic'),
        },
      ]);
    } finally {
      setBusy(false);
    }
  };
  const err = (f: string) => errors.find((x) => x.field === f)?.message;
  const field = (
    name: 'username' | 'password',
    label: string,
    value: string,
    set: (v: string) => void,
    type: string,
    autoComplete: string,
  ) => (
    <div class={`field${err(name) ? ' field-has-error' : ''}`}>
      <label for={`admin-${name}`}>{label}</label>
      {err(name) && (
        <p id={`admin-${name}-error`} class="field-error">
          <span class="visually-hidden">{t('report.errors.prefix')}</span>
          {err(name)}
        </p>
      )}
      <input
        id={`admin-${name}`}
        name={name}
        type={type}
        value={value}
        autoComplete={autoComplete}
        spellcheck={false}
        autoCapitalize="off"
        required
        aria-invalid={err(name) ? 'true' : undefined}
        aria-describedby={err(name) ? `admin-${name}-error` : undefined}
        onInput={(e) => set(e.currentTarget.value)}
      />
    </div>
  );
  return (
    <form
      class="admin-login"
      method="post"
      action="#"
      noValidate
      onSubmit={submit}
      aria-labelledby="admin-login-title"
    >
      <h2 id="admin-login-title">{t('admin.login.title')}</h2>
      {props.message && <Notice flash={{ kind: 'error', text: props.message }} />}
      {errors.length > 0 && (
        <div
          class="error-summary"
          tabIndex={-1}
          ref={summaryRef}
          aria-labelledby="admin-login-errors"
        >
          <div role="alert">
            <h3 id="admin-login-errors">{t('report.errors.title')}</h3>
            <ul>
              {errors.map((x) => (
                <li key={x.field}>
                  <a href={`#admin-${x.field}`}>{x.message}</a>
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {field('username', t('admin.login.username'), username, setUsername, 'text', 'username')}
      {field(
        'password',
        t('admin.login.password'),
        password,
        setPassword,
        'password',
        'current-password',
      )}
      <p>
        <button type="submit" class="btn btn-primary btn-big" disabled={busy}>
          {busy ? t('admin.working') : t('admin.login.submit')}
        </button>
      </p>
    </form>
  );
}

interface Filters {
  status: string;
  category: string;
  district: string;
}

function QueueView(props: {
  me: Me;
  onOpen: (id: string) => void;
  onAuthLost: (message: string) => void;
  lastOpened?: string | undefined;
}) {
  const [filters, setFilters] = useState<Filters>({ status: 'open', category: '', district: '' });
  const [draft, setDraft] = useState<Filters>(filters);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<QueuePage | null>(null);
  const [flash, setFlash] = useState<Flash | undefined>();
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    adminFetch<QueuePage>(`/tipoffs${queryString({ ...filters, page, pageSize: 20 })}`)
      .then((d) => {
        if (!live) return;
        setData(d);
        setSelected(new Set());
      })
      .catch((err: unknown) => {
        if (live) flashOnFailure(props.onAuthLost, setFlash)(err);
      });
    return () => {
      live = false;
    };
  }, [filters, page, reload]);

  // Back from a case: put focus back on the row the moderator opened. Just signed in (the form
  // that had focus is gone): start from the queue's heading rather than the top of the page.
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!data) return;
    if (props.lastOpened) document.getElementById(`case-link-${props.lastOpened}`)?.focus();
    else if (!document.activeElement || document.activeElement === document.body)
      headingRef.current?.focus();
  }, [data]);

  const bulk = async (action: 'approve' | 'reject') => {
    if (selected.size === 0) {
      setFlash({ kind: 'error', text: t('admin.bulk.none') });
      return;
    }
    if (action === 'reject' && reason.trim().length < 2) {
      setFlash({ kind: 'error', text: t('admin.reject.reason.required') });
      document.getElementById('admin-bulk-reason')?.focus();
      return;
    }
    setBusy(true);
    try {
      const res = await adminFetch<{ results: { id: string; ok: boolean; code?: string }[] }>(
        '/tipoffs/bulk',
        {
          method: 'POST',
          csrfToken: props.me.csrfToken,
          body:
            action === 'reject'
              ? { ids: [...selected], action, reason: reason.trim() }
              : { ids: [...selected], action },
        },
      );
      const ok = res.results.filter((r) => r.ok).length;
      const failed = res.results.length - ok;
      setFlash({
        kind: failed ? 'error' : 'ok',
        text: t(action === 'approve' ? 'admin.bulk.approved' : 'admin.bulk.rejected', {
          ok,
          failed,
        }),
      });
      setReason('');
      setReload((n) => n + 1);
    } catch (err) {
      flashOnFailure(props.onAuthLost, setFlash)(err);
    } finally {
      setBusy(false);
    }
  };

  const select = (
    label: string,
    id: string,
    value: string,
    set: (v: string) => void,
    options: [string, string][],
  ) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(e.currentTarget.value)}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );

  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <section aria-labelledby="admin-queue-title">
      <h2 id="admin-queue-title" tabIndex={-1} ref={headingRef}>
        {t('admin.queue.title')}
      </h2>
      <form
        class="admin-filters"
        role="search"
        aria-label={t('admin.filters.label')}
        onSubmit={(e) => {
          e.preventDefault();
          setPage(1);
          setFilters(draft);
        }}
      >
        {select(
          t('admin.filters.status'),
          'admin-filter-status',
          draft.status,
          (v) => setDraft({ ...draft, status: v }),
          [
            ['open', t('admin.filters.status.open')],
            ['all', t('admin.filters.status.all')],
            ...TIPOFF_STATUS_KEYS.map((k): [string, string] => [k, TIPOFF_STATUS_LABELS[k]]),
          ],
        )}
        {select(
          t('admin.filters.category'),
          'admin-filter-category',
          draft.category,
          (v) => setDraft({ ...draft, category: v }),
          [
            ['', t('admin.filters.any')],
            ...TIPOFF_CATEGORY_KEYS.map((k): [string, string] => [k, TIPOFF_CATEGORIES[k]]),
          ],
        )}
        {select(
          t('admin.filters.district'),
          'admin-filter-district',
          draft.district,
          (v) => setDraft({ ...draft, district: v }),
          [
            ['', t('admin.filters.any')],
            ...siteConfig.districts.map((d): [string, string] => [d, d]),
          ],
        )}
        <button type="submit" class="btn btn-primary">
          {t('admin.filters.apply')}
        </button>
      </form>

      {flash && <Notice flash={flash} />}

      <div class="admin-bulk" role="group" aria-label={t('admin.bulk.label')}>
        <p>{t('admin.bulk.selected', { n: selected.size })}</p>
        <div class="field">
          <label for="admin-bulk-reason">{t('admin.bulk.reason')}</label>
          <input
            id="admin-bulk-reason"
            type="text"
            value={reason}
            maxLength={500}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        </div>
        <button type="button" class="btn" disabled={busy} onClick={() => void bulk('approve')}>
          {t('admin.bulk.approve')}
        </button>
        <button
          type="button"
          class="btn btn-danger"
          disabled={busy}
          onClick={() => void bulk('reject')}
        >
          {t('admin.bulk.reject')}
        </button>
      </div>

      {!data ? (
        <p role="status">{t('admin.loading')}</p>
      ) : data.items.length === 0 ? (
        <p>{t('admin.queue.empty')}</p>
      ) : (
        <ol class="admin-queue" aria-label={t('admin.queue.list')}>
          {data.items.map((item) => (
            <QueueRow
              key={item.id}
              item={item}
              checked={selected.has(item.id)}
              onToggle={(on) =>
                setSelected((s) => {
                  const next = new Set(s);
                  if (on) next.add(item.id);
                  else next.delete(item.id);
                  return next;
                })
              }
              onOpen={() => props.onOpen(item.id)}
            />
          ))}
        </ol>
      )}
      {data && data.total > data.pageSize && (
        <Pager page={page} pages={pages} total={data.total} onPage={setPage} />
      )}
    </section>
  );
}

/** Previous and next buttons around where the list stands (page of pages, total). */
function Pager(props: {
  page: number;
  pages: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const { page, pages, total } = props;
  return (
    <nav class="admin-pager" aria-label={t('admin.pager.label')}>
      <button type="button" class="btn" disabled={page <= 1} onClick={() => props.onPage(page - 1)}>
        {t('admin.pager.prev')}
      </button>
      <span>{t('admin.pager.where', { page, pages, total })}</span>
      <button
        type="button"
        class="btn"
        disabled={page >= pages}
        onClick={() => props.onPage(page + 1)}
      >
        {t('admin.pager.next')}
      </button>
    </nav>
  );
}

function QueueRow(props: {
  item: CaseSummary;
  checked: boolean;
  onToggle: (on: boolean) => void;
  onOpen: () => void;
}) {
  const it = props.item;
  const count = it.groupSize ?? 1;
  const excerpt = it.excerpt !== undefined ? firstLine(it.excerpt) : '';
  const titleId = `case-title-${it.id}`;
  return (
    <li>
      <span class="admin-select">
        <input
          type="checkbox"
          id={`case-select-${it.id}`}
          checked={props.checked}
          aria-labelledby={`case-select-label-${it.id} ${titleId}`}
          onChange={(e) => props.onToggle(e.currentTarget.checked)}
        />
        <span id={`case-select-label-${it.id}`} class="visually-hidden">
          {t('admin.bulk.select')}
        </span>
      </span>
      <div class="admin-row-main">
        <p class="admin-row-title" id={titleId}>
          <button
            type="button"
            class="admin-linkish"
            id={`case-link-${it.id}`}
            onClick={props.onOpen}
          >
            {it.categoryLabel}
          </button>
          {count > 1 && <span class="count">{t('admin.queue.groupCount', { n: count })}</span>}
          <span class="tag">{it.statusLabel}</span>
          {it.level && (
            <span class={`level-${it.level}`}>
              {t('admin.queue.level', { level: it.level, score: it.score })}
            </span>
          )}
          {it.lostMoney && <span class="tag">{t('admin.case.lostMoney')}</span>}
        </p>
        {excerpt && <p class="admin-text">{excerpt}</p>}
        {it.entities && it.entities.length > 0 && (
          <ul class="admin-chips" aria-label={t('admin.case.entities')}>
            {it.entities.slice(0, 6).map((e) => (
              <li key={`${e.kind}:${e.value}`}>
                <span class="chip">{e.value}</span>
              </li>
            ))}
          </ul>
        )}
        <p class="meta">
          {formatChinaTime(it.createdAt)}
          {it.district ? ` · ${it.district}` : ''}
          {it.contact
            ? ` · ${t('admin.case.contactMasked')}：${it.contact}`
            : ` · ${t('admin.case.anonymous')}`}
        </p>
      </div>
    </li>
  );
}

function AuditView(props: { onAuthLost: (message: string) => void }) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{
    items: AuditEntry[];
    total: number;
    page: number;
    pageSize: number;
  } | null>(null);
  const [flash, setFlash] = useState<Flash | undefined>();
  useEffect(() => {
    adminFetch<{ items: AuditEntry[]; total: number; page: number; pageSize: number }>(
      `/audit${queryString({ page, pageSize: 50 })}`,
    )
      .then(setData)
      .catch(flashOnFailure(props.onAuthLost, setFlash));
  }, [page]);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <section aria-labelledby="admin-audit-title">
      <h2 id="admin-audit-title">{t('admin.audit.title')}</h2>
      {flash && <Notice flash={flash} />}
      {!data ? (
        <p role="status">{t('admin.loading')}</p>
      ) : (
        <table class="admin-table">
          <caption class="visually-hidden">{t('admin.audit.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.audit.at')}</th>
              <th scope="col">{t('admin.audit.actor')}</th>
              <th scope="col">{t('admin.audit.action')}</th>
              <th scope="col">{t('admin.audit.target')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((a) => (
              <tr key={a.id}>
                <td>{formatChinaTime(a.at)}</td>
                <td>{a.actor}</td>
                <td>{a.action}</td>
                <td>{a.target}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && data.total > data.pageSize && (
        <Pager page={page} pages={pages} total={data.total} onPage={setPage} />
      )}
    </section>
  );
}

/** Entries naming a person or company wait here for a supervisor's second approval (PIPL art. 25). */
function ExposuresView(props: { me: Me; onAuthLost: (message: string) => void }) {
  const [items, setItems] = useState<ExposureAdmin[] | null>(null);
  const [flash, setFlash] = useState<Flash | undefined>();
  const [reload, setReload] = useState(0);
  const fail = flashOnFailure(props.onAuthLost, setFlash);
  useEffect(() => {
    adminFetch<{ items: ExposureAdmin[] }>(
      `/exposures${queryString({ status: 'pending', pageSize: 100 })}`,
    )
      .then((d) => setItems(d.items))
      .catch(fail);
  }, [reload]);
  const confirm = async (e: ExposureAdmin) => {
    try {
      await adminFetch(`/exposures/${encodeURIComponent(e.id)}/confirm`, {
        method: 'POST',
        csrfToken: props.me.csrfToken,
      });
      setFlash({ kind: 'ok', text: t('admin.exposures.confirmed', { value: e.display }) });
      setReload((n) => n + 1);
    } catch (err) {
      fail(err);
    }
  };
  return (
    <section aria-labelledby="admin-exposures-title">
      <h2 id="admin-exposures-title">{t('admin.exposures.title')}</h2>
      <p>{t('admin.exposures.lead')}</p>
      {flash && <Notice flash={flash} />}
      {!items ? (
        <p role="status">{t('admin.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('admin.exposures.empty')}</p>
      ) : (
        <ul class="admin-queue">
          {items.map((e) => (
            <li key={e.id}>
              <div class="admin-row-main">
                <p class="admin-row-title">
                  <span class="tag">{e.kindLabel}</span>
                  <span class="chip">{e.value ?? e.display}</span>
                </p>
                <p class="admin-text">{e.publicNote}</p>
                <p class="meta">
                  {t('admin.exposures.by', { user: e.createdBy, at: formatChinaTime(e.createdAt) })}
                </p>
                {e.createdBy === props.me.username ? (
                  // Four eyes: whoever approved an entry cannot also confirm it.
                  <p class="hint">{t('admin.exposures.notOwn')}</p>
                ) : (
                  <button type="button" class="btn btn-primary" onClick={() => void confirm(e)}>
                    {t('admin.exposures.confirm')}
                    <span class="visually-hidden"> {e.display}</span>
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Published entries, newest first: a supervisor can withdraw one that turned out to be wrong (a
 * number reported by mistake). It leaves the public board, the look-up and the checker at once;
 * the reason goes to the audit log.
 */
function PublishedExposuresView(props: { me: Me; onAuthLost: (message: string) => void }) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{
    items: ExposureAdmin[];
    total: number;
    page: number;
    pageSize: number;
  } | null>(null);
  const [flash, setFlash] = useState<Flash | undefined>();
  const [withdrawing, setWithdrawing] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const fail = flashOnFailure(props.onAuthLost, setFlash);
  useEffect(() => {
    adminFetch<{ items: ExposureAdmin[]; total: number; page: number; pageSize: number }>(
      `/exposures${queryString({ status: 'published', page, pageSize: 20 })}`,
    )
      .then(setData)
      .catch(fail);
  }, [page, reload]);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <section aria-labelledby="admin-published-title">
      <h2 id="admin-published-title">{t('admin.published.title')}</h2>
      <p>{t('admin.published.lead')}</p>
      {flash && <Notice flash={flash} />}
      {!data ? (
        <p role="status">{t('admin.loading')}</p>
      ) : data.items.length === 0 ? (
        <p>{t('admin.published.empty')}</p>
      ) : (
        <ul class="admin-queue">
          {data.items.map((e) => (
            <li key={e.id}>
              <div class="admin-row-main">
                <p class="admin-row-title">
                  <span class="tag">{e.kindLabel}</span>
                  <span class="chip">{e.value ?? e.display}</span>
                </p>
                <p class="admin-text">{e.publicNote}</p>
                <p class="meta">
                  {t('admin.published.meta', {
                    at: formatChinaTime(e.publishedAt ?? e.createdAt),
                    count: e.reportCount,
                  })}
                </p>
                {withdrawing === e.id ? (
                  <>
                    <TextAction
                      id={`withdraw-reason-${e.id}`}
                      title={t('admin.withdraw.title', { value: e.display })}
                      label={t('admin.withdraw.reason')}
                      hint={t('admin.withdraw.hint')}
                      submit={t('admin.withdraw.submit')}
                      danger
                      validate={(x) => {
                        const p = WithdrawExposureSchema.safeParse({ reason: x });
                        return p.success ? undefined : p.error.issues[0]?.message;
                      }}
                      send={async (reason) => {
                        await adminFetch(`/exposures/${encodeURIComponent(e.id)}/withdraw`, {
                          method: 'POST',
                          csrfToken: props.me.csrfToken,
                          body: { reason },
                        });
                        return t('admin.withdraw.done', { value: e.display });
                      }}
                      run={async (fn) => {
                        try {
                          setFlash({ kind: 'ok', text: await fn() });
                          setWithdrawing(null);
                          setReload((n) => n + 1);
                        } catch (err) {
                          fail(err);
                        }
                      }}
                    />
                    <p>
                      <button type="button" class="btn" onClick={() => setWithdrawing(null)}>
                        {t('admin.withdraw.cancel')}
                      </button>
                    </p>
                  </>
                ) : (
                  <button type="button" class="btn btn-danger" onClick={() => setWithdrawing(e.id)}>
                    {t('admin.withdraw.open')}
                    <span class="visually-hidden"> {e.display}</span>
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {data && data.total > data.pageSize && (
        <Pager page={page} pages={pages} total={data.total} onPage={setPage} />
      )}
    </section>
  );
}

export default function AdminConsole() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(true);
  const [view, setView] = useState<View>({ name: 'queue' });
  const [lastOpened, setLastOpened] = useState<string | undefined>();
  const [loginMessage, setLoginMessage] = useState<string | undefined>();
  useEffect(() => {
    adminFetch<Me>('/me')
      .then(setMe)
      .catch(() => setMe(null))
      .finally(() => setChecking(false));
  }, []);

  const authLost = (message: string) => {
    setMe(null);
    setLoginMessage(message);
  };
  const go = (v: View) => {
    setView(v);
    if (v.name === 'case') setLastOpened(v.id);
  };
  const logout = async () => {
    try {
      await adminFetch('/logout', { method: 'POST', csrfToken: me?.csrfToken });
    } catch {
      // Signed out locally either way; the session ends on the server by its timeout at the latest.
    }
    setMe(null);
    setView({ name: 'queue' });
    setLoginMessage(t('admin.logout.done'));
  };

  if (checking) {
    return (
      <div class="admin">
        <p role="status">{t('admin.loading')}</p>
      </div>
    );
  }
  if (!me) {
    return (
      <div class="admin">
        <LoginView
          message={loginMessage}
          onLogin={(m) => {
            setMe(m);
            setLoginMessage(undefined);
            setView({ name: 'queue' });
          }}
        />
      </div>
    );
  }
  const supervisor = me.role === 'supervisor';
  const tab = (v: View, label: string) => (
    <button
      type="button"
      class={`btn${view.name === v.name ? ' btn-primary' : ''}`}
      aria-pressed={view.name === v.name}
      onClick={() => go(v)}
    >
      {label}
    </button>
  );
  return (
    <div class="admin">
      <div class="admin-bar">
        <p>{t('admin.signedIn', { user: me.username, role: t(`admin.role.${me.role}`) })}</p>
        <nav class="admin-tabs" aria-label={t('admin.tabs.label')}>
          {tab({ name: 'queue' }, t('admin.tabs.queue'))}
          {supervisor && tab({ name: 'exposures' }, t('admin.tabs.exposures'))}
          {supervisor && tab({ name: 'audit' }, t('admin.tabs.audit'))}
          <button type="button" class="btn" onClick={() => void logout()}>
            {t('admin.logout')}
          </button>
        </nav>
      </div>
      {view.name === 'queue' && (
        <QueueView
          me={me}
          onOpen={(id) => go({ name: 'case', id })}
          onAuthLost={authLost}
          lastOpened={lastOpened}
        />
      )}
      {view.name === 'case' && (
        <AdminCase
          key={view.id}
          id={view.id}
          me={me}
          onBack={() => go({ name: 'queue' })}
          onOpen={(id) => go({ name: 'case', id })}
          onAuthLost={authLost}
        />
      )}
      {view.name === 'audit' && supervisor && <AuditView onAuthLost={authLost} />}
      {view.name === 'exposures' && supervisor && (
        <>
          <ExposuresView me={me} onAuthLost={authLost} />
          <PublishedExposuresView me={me} onAuthLost={authLost} />
        </>
      )}
    </div>
  );
}
