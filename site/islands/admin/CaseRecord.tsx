/**
 * A case as the citizen and the engine left it: facts, contact (supervisors, on request), what was
 * written (as text: Preact escapes it), the numbers, the verdict, duplicates, screenshots, messages.
 */
import { TIPOFF_ENTITY_KINDS } from '../../../functions/schemas/tipoff.ts';
import { t } from '../../i18n/t.ts';
import { EXPOSURE_KINDS } from '../../lib/taxonomy.ts';
import { formatChinaTime } from '../../views/status-view.ts';
import type { CaseDetail } from './api-types.ts';
import { ContactReveal } from './ContactReveal.tsx';

const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`;

export function CaseRecord(props: {
  detail: CaseDetail;
  supervisor: boolean;
  onOpen: (id: string) => void;
  onAuthLost: (message: string) => void;
}) {
  const d = props.detail;
  const v = d.verdict;
  return (
    <>
      <dl class="admin-dl">
        <dt>{t('admin.case.status')}</dt>
        <dd>{d.statusLabel}</dd>
        <dt>{t('admin.case.reports')}</dt>
        <dd>{t('admin.queue.groupCount', { n: d.groupSize })}</dd>
        <dt>{t('admin.case.created')}</dt>
        <dd>{formatChinaTime(d.createdAt)}</dd>
        {d.occurredAt && (
          <>
            <dt>{t('admin.case.occurred')}</dt>
            <dd>{d.occurredAt}</dd>
          </>
        )}
        <dt>{t('admin.case.district')}</dt>
        <dd>{d.district ?? '—'}</dd>
        <dt>{t('admin.case.lostMoney')}</dt>
        <dd>{d.lostMoney ? t('admin.yes') : t('admin.no')}</dd>
        <dt>{t('admin.case.contactMasked')}</dt>
        <dd>{d.contact ?? t('admin.case.anonymous')}</dd>
        {d.mergedInto && (
          <>
            <dt>{t('admin.case.mergedInto')}</dt>
            <dd>
              <button
                type="button"
                class="admin-linkish"
                onClick={() => props.onOpen(d.mergedInto!)}
              >
                {d.mergedInto}
              </button>
            </dd>
          </>
        )}
        <dt>{t('admin.case.id')}</dt>
        <dd>
          <code>{d.id}</code>
        </dd>
      </dl>
      {props.supervisor && d.hasContact && (
        <ContactReveal detail={d} onAuthLost={props.onAuthLost} />
      )}

      <h3>{t('admin.case.description')}</h3>
      <p class="admin-text panel">{d.description ?? t('admin.case.purged')}</p>

      <h3>{t('admin.case.entities')}</h3>
      {d.entities.length === 0 ? (
        <p class="muted">{t('admin.case.entities.none')}</p>
      ) : (
        <ul class="admin-chips">
          {d.entities.map((e) => (
            <li key={`${e.kind}:${e.value}`}>
              <span class="tag">{TIPOFF_ENTITY_KINDS[e.kind]}</span>
              <span class="chip">{e.value}</span>
              <span class="visually-hidden">
                {e.source === 'citizen'
                  ? t('admin.case.entity.citizen')
                  : t('admin.case.entity.text')}
              </span>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('admin.case.verdict')}</h3>
      {!v || !v.level ? (
        <p class="muted">{t('admin.case.verdict.none')}</p>
      ) : (
        <div>
          <p>
            <span class={`level-${v.level}`}>{v.level}</span> ·{' '}
            {t('admin.case.score', { score: v.score ?? d.score })}
            {v.pattern && ` · ${t('admin.case.pattern', { title: v.pattern.title })}`}
          </p>
          {v.signals && v.signals.length > 0 && (
            <ul>
              {v.signals.map((s) => (
                <li key={s.id}>{s.label}</li>
              ))}
            </ul>
          )}
          {v.listed && v.listed.length > 0 && (
            <p>
              {t('admin.case.listed')}
              {v.listed.map((l) => `${EXPOSURE_KINDS[l.kind]} ${l.display}`).join('；')}
            </p>
          )}
        </div>
      )}

      <h3>{t('admin.case.related')}</h3>
      {d.related.length === 0 ? (
        <p class="muted">{t('admin.case.related.none')}</p>
      ) : (
        <ul>
          {d.related.map((r) => (
            <li key={r.id}>
              <button type="button" class="admin-linkish" onClick={() => props.onOpen(r.id)}>
                {r.categoryLabel} · {formatChinaTime(r.createdAt)}
              </button>{' '}
              <span class="tag">{r.statusLabel}</span>
              {r.mergedInto === d.id && <span class="tag">{t('admin.case.mergedHere')}</span>}
            </li>
          ))}
        </ul>
      )}

      <h3>{t('admin.case.attachments')}</h3>
      {d.attachments.length === 0 ? (
        <p class="muted">{t('admin.case.attachments.none')}</p>
      ) : (
        <ul>
          {d.attachments.map((a, i) => (
            <li key={a.id}>
              <a href={a.url} download>
                {t('admin.case.attachment', {
                  n: i + 1,
                  type: a.mime.replace('image/', '').toUpperCase(),
                  size: kb(a.size),
                })}
              </a>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('admin.case.messages')}</h3>
      {d.messages.length === 0 ? (
        <p class="muted">{t('admin.case.messages.none')}</p>
      ) : (
        <ol class="status-messages">
          {d.messages.map((m, i) => (
            <li key={i}>
              <p class="meta">
                {formatChinaTime(m.at)} · {t(`admin.message.${m.kind}`)} · {m.author}
              </p>
              <p class="admin-text">{m.text ?? '—'}</p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
