/** A supervisor records the reward of an accepted case: pending or paid, and the amount. */
import { useState } from 'preact/hooks';
import { RewardSchema } from '../../../functions/schemas/moderation.ts';
import { t } from '../../i18n/t.ts';
import { answer, api } from '../../lib/api.ts';
import type { CaseDetail } from './api-types.ts';
import { FieldMessage } from './FieldMessage.tsx';
import type { Run } from './TextAction.tsx';

export function RewardForm(props: { detail: CaseDetail; run: Run }) {
  const r = props.detail.reward;
  const [state, setState] = useState<'reward-pending' | 'reward-paid'>(
    r?.state ?? 'reward-pending',
  );
  const [amount, setAmount] = useState(
    r?.amount === null || r?.amount === undefined ? '' : String(r.amount),
  );
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      class="admin-section"
      noValidate
      aria-labelledby="reward-title"
      onSubmit={async (e) => {
        e.preventDefault();
        const n = amount.trim() === '' ? undefined : Number(amount);
        const parsed = RewardSchema.safeParse({ state, ...(n === undefined ? {} : { amount: n }) });
        if (!parsed.success || (n !== undefined && Number.isNaN(n))) {
          setError(t('admin.reward.amount.invalid'));
          document.getElementById('reward-amount')?.focus();
          return;
        }
        setError(undefined);
        await props.run(async () => {
          await answer(
            api.admin.tipoffs[':id'].reward.$post({
              param: { id: props.detail.id },
              json: parsed.data,
            }),
          );
          return t('admin.reward.done');
        });
      }}
    >
      <h3 id="reward-title">{t('admin.reward.title')}</h3>
      {r && (
        <p>
          {t('admin.reward.current', {
            state: t(`admin.reward.${r.state}`),
            amount: r.amount ?? '—',
            user: r.updatedBy,
          })}
        </p>
      )}
      <div class="admin-entry-grid">
        <div class="field">
          <label for="reward-state">{t('admin.reward.state')}</label>
          <select
            id="reward-state"
            value={state}
            onChange={(e) => setState(e.currentTarget.value as typeof state)}
          >
            <option value="reward-pending">{t('admin.reward.reward-pending')}</option>
            <option value="reward-paid">{t('admin.reward.reward-paid')}</option>
          </select>
        </div>
        <div class={`field${error ? ' field-has-error' : ''}`}>
          <label for="reward-amount">{t('admin.reward.amount')}</label>
          <FieldMessage id="reward-amount-error" message={error} />
          <input
            id="reward-amount"
            type="text"
            inputMode="decimal"
            value={amount}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'reward-amount-error' : undefined}
            onInput={(e) => setAmount(e.currentTarget.value)}
          />
        </div>
      </div>
      <p>
        <button type="submit" class="btn btn-primary">
          {t('admin.reward.submit')}
        </button>
      </p>
    </form>
  );
}
