/** Previous and next page for the admin lists. */
import { t } from '../../i18n/t.ts';

/** Previous and next buttons around where the list stands (page of pages, total). */
export function Pager(props: {
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
