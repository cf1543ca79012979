/**
 * Exposure entries waiting for a supervisor's second approval (four eyes): personal data is
 * published only when a second person confirms it.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/t.ts';
import { answer, api, nonEmpty } from '../../lib/api.ts';
import { formatChinaTime } from '../../views/status-view.ts';
import type { ExposureAdmin, Me } from './api-types.ts';
import { flashOnFailure, Notice, type Flash } from './Notice.tsx';

/** Entries naming a person or company wait here for a supervisor's second approval (PIPL art. 25). */
export function PendingExposures(props: { me: Me; onAuthLost: (message: string) => void }) {
  const [items, setItems] = useState<ExposureAdmin[] | null>(null);
  const [flash, setFlash] = useState<Flash | undefined>();
  const [reload, setReload] = useState(0);
  const fail = flashOnFailure(props.onAuthLost, setFlash);
  useEffect(() => {
    answer(api.admin.exposures.$get({ query: nonEmpty({ status: 'pending', pageSize: 100 }) }))
      .then((d) => setItems(d.items))
      .catch(fail);
  }, [reload]);
  const confirm = async (e: ExposureAdmin) => {
    try {
      await answer(api.admin.exposures[':id'].confirm.$post({ param: { id: e.id } }));
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
                {e.proposedBy === props.me.username ? (
                  // Four eyes: whoever proposed this approval cannot also confirm it.
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
