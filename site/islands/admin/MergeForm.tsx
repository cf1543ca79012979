/** Merge a case into another (a duplicate): the citizen then follows the one it was merged into. */
import { useState } from 'preact/hooks';
import { MergeSchema } from '../../../functions/schemas/moderation.ts';
import { t } from '../../i18n/t.ts';
import { answer, api } from '../../lib/api.ts';
import { formatChinaTime } from '../../views/status-view.ts';
import type { CaseDetail } from './api-types.ts';
import { FieldMessage } from './FieldMessage.tsx';
import type { Run } from './TextAction.tsx';

export function MergeForm(props: { detail: CaseDetail; run: Run }) {
  const candidates = props.detail.related.filter((r) => !r.mergedInto && r.id !== props.detail.id);
  const [into, setInto] = useState(candidates[0]?.id ?? '');
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      class="admin-section"
      noValidate
      aria-labelledby="merge-title"
      onSubmit={async (e) => {
        e.preventDefault();
        const parsed = MergeSchema.safeParse({ into: into.trim() });
        if (!parsed.success || parsed.data.into === props.detail.id) {
          setError(t('admin.merge.required'));
          document.getElementById('merge-into')?.focus();
          return;
        }
        setError(undefined);
        await props.run(async () => {
          await answer(
            api.admin.tipoffs[':id'].merge.$post({
              param: { id: props.detail.id },
              json: parsed.data,
            }),
          );
          return t('admin.merge.done');
        });
      }}
    >
      <h3 id="merge-title">{t('admin.merge.title')}</h3>
      <div class={`field${error ? ' field-has-error' : ''}`}>
        <label for="merge-into">{t('admin.merge.into')}</label>
        <p class="hint" id="merge-into-hint">
          {t('admin.merge.hint')}
        </p>
        <FieldMessage id="merge-into-error" message={error} />
        <input
          id="merge-into"
          type="text"
          list="merge-candidates"
          value={into}
          spellcheck={false}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={`merge-into-hint${error ? ' merge-into-error' : ''}`}
          onInput={(e) => setInto(e.currentTarget.value)}
        />
        <datalist id="merge-candidates">
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {`${c.categoryLabel} · ${formatChinaTime(c.createdAt)}`}
            </option>
          ))}
        </datalist>
      </div>
      <p>
        <button type="submit" class="btn">
          {t('admin.merge.submit')}
        </button>
      </p>
    </form>
  );
}
