/**
 * The queue: filters, bulk approve or reject, and the cases as the API sorts them (grouped reports
 * and higher scores first), paged.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  TIPOFF_CATEGORIES,
  TIPOFF_CATEGORY_KEYS,
  TIPOFF_STATUS_KEYS,
  TIPOFF_STATUS_LABELS,
} from '../../../functions/schemas/tipoff.ts';
import { t } from '../../i18n/t.ts';
import { answer, api, nonEmpty } from '../../lib/api.ts';
import { siteConfig } from '../../lib/site-config.ts';
import type { QueuePage } from './api-types.ts';
import { flashOnFailure, Notice, type Flash } from './Notice.tsx';
import { Pager } from './Pager.tsx';
import { QueueRow } from './QueueRow.tsx';

interface Filters {
  status: string;
  category: string;
  district: string;
}

export function QueueView(props: {
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
    answer(api.admin.tipoffs.$get({ query: nonEmpty({ ...filters, page, pageSize: 20 }) }))
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
      const res = await answer(
        api.admin.tipoffs.bulk.$post({
          json:
            action === 'reject'
              ? { ids: [...selected], action, reason: reason.trim() }
              : { ids: [...selected], action },
        }),
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
