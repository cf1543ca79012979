/**
 * One case in the moderation console: its record, and the actions that fit its state — approve
 * with exposure entries, reject, ask for more, merge; the reward for supervisors. Each action's
 * result or error is said at the top, where the eye and the screen reader are.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { RejectSchema, RequestInfoSchema } from '../../../functions/schemas/moderation.ts';
import { OPEN_STATUSES } from '../../../functions/schemas/tipoff.ts';
import { t } from '../../i18n/t.ts';
import { answer, api } from '../../lib/api.ts';
import type { CaseDetail, Me } from './api-types.ts';
import { ApproveForm } from './ApproveForm.tsx';
import { CaseRecord } from './CaseRecord.tsx';
import { MergeForm } from './MergeForm.tsx';
import { flashOnFailure, Notice, type Flash } from './Notice.tsx';
import { RewardForm } from './RewardForm.tsx';
import { TextAction, type Run } from './TextAction.tsx';

export function AdminCase(props: {
  id: string;
  me: Me;
  onBack: () => void;
  onOpen: (id: string) => void;
  onAuthLost: (message: string) => void;
}) {
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [flash, setFlash] = useState<Flash | undefined>();
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const flashRef = useRef<HTMLDivElement>(null);

  const fail = flashOnFailure(props.onAuthLost, setFlash);

  useEffect(() => {
    answer(api.admin.tipoffs[':id'].$get({ param: { id: props.id } }))
      .then((d) => {
        setDetail(d);
        if (reload === 0) setTimeout(() => headingRef.current?.focus(), 0);
      })
      .catch(fail);
  }, [props.id, reload]);

  const run: Run = async (fn) => {
    if (busy) return;
    setBusy(true);
    try {
      setFlash({ kind: 'ok', text: await fn() });
      setReload((n) => n + 1);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
      // Say what happened where the eye and the screen reader are: the message at the top.
      setTimeout(() => flashRef.current?.scrollIntoView({ block: 'nearest' }), 0);
    }
  };

  const back = (
    <p>
      <button type="button" class="btn" onClick={props.onBack}>
        {t('admin.case.back')}
      </button>
    </p>
  );
  if (!detail) {
    return (
      <section>
        {back}
        {flash ? <Notice flash={flash} /> : <p role="status">{t('admin.loading')}</p>}
      </section>
    );
  }
  const d = detail;
  const supervisor = props.me.role === 'supervisor';
  const open = OPEN_STATUSES.includes(d.status) && !d.mergedInto;

  return (
    <section aria-labelledby="case-title" aria-busy={busy ? 'true' : undefined}>
      {back}
      <h2 id="case-title" tabIndex={-1} ref={headingRef}>
        {t('admin.case.title', { category: d.categoryLabel })}
      </h2>
      <div ref={flashRef}>{flash && <Notice flash={flash} />}</div>
      <CaseRecord
        detail={d}
        supervisor={supervisor}
        onOpen={props.onOpen}
        onAuthLost={props.onAuthLost}
      />

      {open && <ApproveForm detail={d} run={run} />}
      {open && (
        <TextAction
          id="reject-reason"
          title={t('admin.reject.title')}
          label={t('admin.reject.reason')}
          hint={t('admin.reject.hint')}
          submit={t('admin.reject.submit')}
          danger
          validate={(x) => {
            const p = RejectSchema.safeParse({ reason: x });
            return p.success ? undefined : p.error.issues[0]?.message;
          }}
          send={async (reason) => {
            await answer(
              api.admin.tipoffs[':id'].reject.$post({ param: { id: d.id }, json: { reason } }),
            );
            return t('admin.reject.done');
          }}
          run={run}
        />
      )}
      {open && (
        <TextAction
          id="request-info-message"
          title={t('admin.requestInfo.title')}
          label={t('admin.requestInfo.message')}
          hint={t('admin.requestInfo.hint')}
          submit={t('admin.requestInfo.submit')}
          validate={(x) => {
            const p = RequestInfoSchema.safeParse({ message: x });
            return p.success ? undefined : p.error.issues[0]?.message;
          }}
          send={async (message) => {
            await answer(
              api.admin.tipoffs[':id']['request-info'].$post({
                param: { id: d.id },
                json: { message },
              }),
            );
            return t('admin.requestInfo.done');
          }}
          run={run}
        />
      )}
      {open && <MergeForm detail={d} run={run} />}
      {supervisor && !open && !d.mergedInto && d.status !== 'rejected' && (
        <RewardForm detail={d} run={run} />
      )}
      {back}
    </section>
  );
}
