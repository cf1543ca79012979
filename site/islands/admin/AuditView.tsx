/** The audit log for supervisors: who did what, to which case, when; newest first, paged. */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/t.ts';
import { answer, api, nonEmpty } from '../../lib/api.ts';
import { formatChinaTime } from '../../views/status-view.ts';
import type { AuditPage } from './api-types.ts';
import { flashOnFailure, Notice, type Flash } from './Notice.tsx';
import { Pager } from './Pager.tsx';

export function AuditView(props: { onAuthLost: (message: string) => void }) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<AuditPage | null>(null);
  const [flash, setFlash] = useState<Flash | undefined>();
  useEffect(() => {
    answer(api.admin.audit.$get({ query: nonEmpty({ page, pageSize: 50 }) }))
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
