/**
 * Published exposure entries, newest first: a supervisor withdraws one that turned out wrong; it
 * leaves the board, the look-up and the checker at once, and the reason goes to the audit log.
 */
import { useEffect, useState } from 'preact/hooks';
import { WithdrawExposureSchema } from '../../../functions/schemas/moderation.ts';
import { t } from '../../i18n/t.ts';
import { answer, api, nonEmpty } from '../../lib/api.ts';
import { formatChinaTime } from '../../views/status-view.ts';
import type { ExposurePage } from './api-types.ts';
import { flashOnFailure, Notice, type Flash } from './Notice.tsx';
import { Pager } from './Pager.tsx';
import { TextAction } from './TextAction.tsx';

/**
 * Published entries, newest first: a supervisor can withdraw one that turned out to be wrong (a
 * number reported by mistake). It leaves the public board, the look-up and the checker at once;
 * the reason goes to the audit log.
 */
export function PublishedExposures(props: { onAuthLost: (message: string) => void }) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ExposurePage | null>(null);
  const [flash, setFlash] = useState<Flash | undefined>();
  const [withdrawing, setWithdrawing] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const fail = flashOnFailure(props.onAuthLost, setFlash);
  useEffect(() => {
    answer(
      api.admin.exposures.$get({ query: nonEmpty({ status: 'published', page, pageSize: 20 }) }),
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
                        await answer(
                          api.admin.exposures[':id'].withdraw.$post({
                            param: { id: e.id },
                            json: { reason },
                          }),
                        );
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
