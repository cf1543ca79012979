/** One case in the queue: a checkbox for bulk actions, the open button, tags and masked numbers. */
import { t } from '../../i18n/t.ts';
import { formatChinaTime } from '../../views/status-view.ts';
import type { CaseSummary } from './api-types.ts';

export function QueueRow(props: {
  item: CaseSummary;
  checked: boolean;
  onToggle: (on: boolean) => void;
  onOpen: () => void;
}) {
  const it = props.item;
  const count = it.groupSize ?? 1;
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
