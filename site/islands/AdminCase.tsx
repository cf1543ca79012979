/**
 * One case in the moderation console: what the citizen wrote (as text), the numbers, the engine's
 * verdict, duplicates, screenshots and messages, and the actions — approve with exposure entries,
 * reject, ask for more, merge, reward and contact (supervisor). Errors are said plainly in place.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  ExposureEntrySchema,
  MergeSchema,
  RejectSchema,
  RequestInfoSchema,
  RewardSchema,
  SECOND_APPROVAL_KINDS,
} from '../../functions/schemas/moderation.ts';
import { TIPOFF_ENTITY_KINDS, type TipoffEntityKind } from '../../functions/schemas/tipoff.ts';
import { t } from '../i18n/t.ts';
import { EXPOSURE_KINDS, EXPOSURE_KIND_KEYS, type ExposureKind } from '../lib/taxonomy.ts';
import { formatChinaTime } from '../views/status-view.ts';
import {
  AdminApiError,
  adminFetch,
  type CaseDetail,
  type ExposureAdmin,
  type Me,
} from './admin-api.ts';

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

/** A success (polite status) or an error (alert), in words, never colour alone. */
export function Notice(props: { flash: Flash }) {
  const ok = props.flash.kind === 'ok';
  return (
    <div class={`panel ${ok ? 'panel-ok' : 'panel-danger'}`} role={ok ? 'status' : 'alert'}>
      <p>
        <strong>{ok ? t('admin.flash.ok') : t('admin.flash.error')}</strong>
        {props.flash.text}
      </p>
    </div>
  );
}

/**
 * What an admin view does with a failed request: a lost session (401) goes back to the login form,
 * anything else is shown in words with `show`.
 */
export function onFailure(onAuthLost: (message: string) => void, show: (text: string) => void) {
  return (err: unknown): void => {
    if (err instanceof AdminApiError && err.status === 401) onAuthLost(err.message);
    else show(err instanceof Error ? err.message : t('admin.error.generic'));
  };
}

/** `onFailure` for a view with a notice: the error becomes its error flash. */
export function flashOnFailure(
  onAuthLost: (message: string) => void,
  setFlash: (flash: Flash) => void,
) {
  return onFailure(onAuthLost, (text) => setFlash({ kind: 'error', text }));
}

/** The first non-empty line of a text, shortened for a list row. */
export function firstLine(text: string, max = 120): string {
  const line =
    text
      .split(/\r?\n/)
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

let patternsPromise: Promise<{ slug: string; title: string }[]> | undefined;
/** The explainers' slugs and titles, from the build's knowledge file (loaded once). */
function loadPatterns(): Promise<{ slug: string; title: string }[]> {
  patternsPromise ??= fetch('/bot-knowledge.json')
    .then((r) =>
      r.ok
        ? (r.json() as Promise<{ patterns?: { slug: string; title: string }[] }>)
        : { patterns: [] },
    )
    .then((k) => (k.patterns ?? []).map((p) => ({ slug: p.slug, title: p.title })))
    .catch(() => []);
  return patternsPromise;
}

const ENTITY_TO_EXPOSURE: Record<TipoffEntityKind, ExposureKind | ''> = {
  phone: 'phone',
  url: 'url',
  app: 'app',
  account: 'account',
  qq: 'qq',
  wechat: 'wechat',
  other: '',
};

const OPEN = new Set(['received', 'reviewing', 'need-info']);

interface EntryDraft {
  include: boolean;
  kind: ExposureKind | '';
  value: string;
  pattern: string;
  publicNote: string;
}

export type Run = (fn: () => Promise<string>) => Promise<void>;

function FieldMessage(props: { id: string; message: string | undefined }) {
  if (!props.message) return null;
  return (
    <p id={props.id} class="field-error">
      <span class="visually-hidden">{t('report.errors.prefix')}</span>
      {props.message}
    </p>
  );
}

function ApproveForm(props: { detail: CaseDetail; me: Me; run: Run }) {
  const d = props.detail;
  const [patterns, setPatterns] = useState<{ slug: string; title: string }[]>([]);
  const [entries, setEntries] = useState<EntryDraft[]>(() =>
    d.entities.map((e) => ({
      include: e.kind !== 'other',
      kind: ENTITY_TO_EXPOSURE[e.kind],
      value: e.value,
      pattern: d.verdict?.pattern?.slug ?? '',
      publicNote: t('admin.approve.note.default'),
    })),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    void loadPatterns().then(setPatterns);
  }, []);
  const update = (i: number, patch: Partial<EntryDraft>) =>
    setEntries((list) => list.map((e, j) => (j === i ? { ...e, ...patch } : e)));

  const submit = async (ev: SubmitEvent) => {
    ev.preventDefault();
    const errs: Record<string, string> = {};
    const out: unknown[] = [];
    entries.forEach((e, i) => {
      if (!e.include) return;
      const parsed = ExposureEntrySchema.safeParse({
        kind: e.kind || undefined,
        value: e.value,
        pattern: e.pattern || undefined,
        publicNote: e.publicNote,
      });
      if (parsed.success) out.push(parsed.data);
      else
        for (const issue of parsed.error.issues)
          errs[`${i}.${String(issue.path[0])}`] ??= issue.message;
    });
    setErrors(errs);
    if (Object.keys(errs).length > 0) {
      const first = Object.keys(errs)[0]!;
      document.getElementById(`approve-${first.replace('.', '-')}`)?.focus();
      return;
    }
    await props.run(async () => {
      const res = await adminFetch<{ exposures: ExposureAdmin[] }>(
        `/tipoffs/${encodeURIComponent(d.id)}/approve`,
        {
          method: 'POST',
          csrfToken: props.me.csrfToken,
          body: { entries: out },
        },
      );
      const pending = res.exposures.filter((x) => x.status === 'pending').length;
      return t('admin.approve.done', { published: res.exposures.length - pending, pending });
    });
  };

  return (
    <form class="admin-section" noValidate onSubmit={submit} aria-labelledby="approve-title">
      <h3 id="approve-title">{t('admin.approve.title')}</h3>
      <p class="hint">{t('admin.approve.hint')}</p>
      {entries.map((e, i) => {
        const err = (f: string) => errors[`${i}.${f}`];
        const fid = (f: string) => `approve-${i}-${f}`;
        return (
          <fieldset class="admin-entry" key={i}>
            <legend>{t('admin.approve.entry', { n: i + 1 })}</legend>
            <div class="choice">
              <input
                type="checkbox"
                id={fid('include')}
                checked={e.include}
                onChange={(x) => update(i, { include: x.currentTarget.checked })}
              />
              <label for={fid('include')}>{t('admin.approve.include')}</label>
            </div>
            <div class="admin-entry-grid">
              <div class={`field${err('kind') ? ' field-has-error' : ''}`}>
                <label for={fid('kind')}>{t('admin.approve.kind')}</label>
                <FieldMessage id={`${fid('kind')}-error`} message={err('kind')} />
                <select
                  id={fid('kind')}
                  value={e.kind}
                  aria-invalid={err('kind') ? 'true' : undefined}
                  aria-describedby={err('kind') ? `${fid('kind')}-error` : undefined}
                  onChange={(x) => update(i, { kind: x.currentTarget.value as ExposureKind | '' })}
                >
                  <option value="">{t('admin.approve.kind.choose')}</option>
                  {EXPOSURE_KIND_KEYS.map((k) => (
                    <option key={k} value={k}>
                      {EXPOSURE_KINDS[k]}
                      {SECOND_APPROVAL_KINDS.includes(k) ? t('admin.approve.kind.second') : ''}
                    </option>
                  ))}
                </select>
              </div>
              <div class={`field${err('value') ? ' field-has-error' : ''}`}>
                <label for={fid('value')}>{t('admin.approve.value')}</label>
                <FieldMessage id={`${fid('value')}-error`} message={err('value')} />
                <input
                  id={fid('value')}
                  type="text"
                  value={e.value}
                  spellcheck={false}
                  aria-invalid={err('value') ? 'true' : undefined}
                  aria-describedby={err('value') ? `${fid('value')}-error` : undefined}
                  onInput={(x) => update(i, { value: x.currentTarget.value })}
                />
              </div>
              <div class="field">
                <label for={fid('pattern')}>{t('admin.approve.pattern')}</label>
                <select
                  id={fid('pattern')}
                  value={e.pattern}
                  onChange={(x) => update(i, { pattern: x.currentTarget.value })}
                >
                  <option value="">{t('admin.approve.pattern.none')}</option>
                  {patterns.map((p) => (
                    <option key={p.slug} value={p.slug}>
                      {p.title}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div class={`field${err('publicNote') ? ' field-has-error' : ''}`}>
              <label for={fid('publicNote')}>{t('admin.approve.note')}</label>
              <FieldMessage id={`${fid('publicNote')}-error`} message={err('publicNote')} />
              <input
                id={fid('publicNote')}
                type="text"
                value={e.publicNote}
                maxLength={300}
                aria-invalid={err('publicNote') ? 'true' : undefined}
                aria-describedby={err('publicNote') ? `${fid('publicNote')}-error` : undefined}
                onInput={(x) => update(i, { publicNote: x.currentTarget.value })}
              />
            </div>
          </fieldset>
        );
      })}
      <p class="tel-row">
        <button
          type="button"
          class="btn"
          onClick={() =>
            setEntries((list) => [
              ...list,
              {
                include: true,
                kind: '',
                value: '',
                pattern: d.verdict?.pattern?.slug ?? '',
                publicNote: t('admin.approve.note.default'),
              },
            ])
          }
        >
          {t('admin.approve.add')}
        </button>
        <button type="submit" class="btn btn-primary">
          {t('admin.approve.submit')}
        </button>
      </p>
    </form>
  );
}

/**
 * One textarea and a button: reject with a reason, ask the citizen for more, or (in the console's
 * exposure view) withdraw a published entry.
 */
export function TextAction(props: {
  id: string;
  title: string;
  label: string;
  hint?: string;
  submit: string;
  danger?: boolean;
  validate: (text: string) => string | undefined;
  send: (text: string) => Promise<string>;
  run: Run;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  return (
    <form
      class="admin-section"
      noValidate
      aria-labelledby={`${props.id}-title`}
      onSubmit={async (e) => {
        e.preventDefault();
        const problem = props.validate(text);
        setError(problem);
        if (problem) {
          inputRef.current?.focus();
          return;
        }
        await props.run(() => props.send(text.trim()));
      }}
    >
      <h3 id={`${props.id}-title`}>{props.title}</h3>
      <div class={`field${error ? ' field-has-error' : ''}`}>
        <label for={props.id}>{props.label}</label>
        {props.hint && (
          <p class="hint" id={`${props.id}-hint`}>
            {props.hint}
          </p>
        )}
        <FieldMessage id={`${props.id}-error`} message={error} />
        <textarea
          id={props.id}
          ref={inputRef}
          rows={3}
          value={text}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={
            [props.hint && `${props.id}-hint`, error && `${props.id}-error`]
              .filter(Boolean)
              .join(' ') || undefined
          }
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </div>
      <p>
        <button type="submit" class={`btn ${props.danger ? 'btn-danger' : 'btn-primary'}`}>
          {props.submit}
        </button>
      </p>
    </form>
  );
}

function MergeForm(props: { detail: CaseDetail; me: Me; run: Run }) {
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
          await adminFetch(`/tipoffs/${encodeURIComponent(props.detail.id)}/merge`, {
            method: 'POST',
            csrfToken: props.me.csrfToken,
            body: parsed.data,
          });
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

function RewardForm(props: { detail: CaseDetail; me: Me; run: Run }) {
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
          await adminFetch(`/tipoffs/${encodeURIComponent(props.detail.id)}/reward`, {
            method: 'POST',
            csrfToken: props.me.csrfToken,
            body: parsed.data,
          });
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

function ContactReveal(props: { detail: CaseDetail; onAuthLost: (m: string) => void }) {
  const [contact, setContact] = useState<Record<string, string> | null>(null);
  const [error, setError] = useState<string | undefined>();
  const reveal = async () => {
    try {
      const res = await adminFetch<{ contact: Record<string, string> }>(
        `/tipoffs/${encodeURIComponent(props.detail.id)}/contact`,
      );
      setContact(res.contact);
      setError(undefined);
    } catch (err) {
      onFailure(props.onAuthLost, setError)(err);
    }
  };
  return (
    <div>
      {contact ? (
        <dl class="admin-dl" aria-live="polite">
          {(['name', 'phone', 'other'] as const)
            .filter((k) => contact[k])
            .flatMap((k) => [
              <dt key={`${k}-t`}>{t(`admin.contact.${k}`)}</dt>,
              <dd key={`${k}-d`}>{contact[k]}</dd>,
            ])}
        </dl>
      ) : (
        <p>
          <button type="button" class="btn" onClick={() => void reveal()}>
            {t('admin.contact.reveal')}
          </button>{' '}
          <span class="hint">{t('admin.contact.audited')}</span>
        </p>
      )}
      {error && <Notice flash={{ kind: 'error', text: error }} />}
    </div>
  );
}

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
    adminFetch<CaseDetail>(`/tipoffs/${encodeURIComponent(props.id)}`)
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
  const open = OPEN.has(d.status) && !d.mergedInto;
  const v = d.verdict;
  const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`;

  return (
    <section aria-labelledby="case-title" aria-busy={busy ? 'true' : undefined}>
      {back}
      <h2 id="case-title" tabIndex={-1} ref={headingRef}>
        {t('admin.case.title', { category: d.categoryLabel })}
      </h2>
      <div ref={flashRef}>{flash && <Notice flash={flash} />}</div>
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
      {supervisor && d.hasContact && <ContactReveal detail={d} onAuthLost={props.onAuthLost} />}

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

      {open && <ApproveForm detail={d} me={props.me} run={run} />}
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
            await adminFetch(`/tipoffs/${encodeURIComponent(d.id)}/reject`, {
              method: 'POST',
              csrfToken: props.me.csrfToken,
              body: { reason },
            });
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
            await adminFetch(`/tipoffs/${encodeURIComponent(d.id)}/request-info`, {
              method: 'POST',
              csrfToken: props.me.csrfToken,
              body: { message },
            });
            return t('admin.requestInfo.done');
          }}
          run={run}
        />
      )}
      {open && <MergeForm detail={d} me={props.me} run={run} />}
      {supervisor && !open && !d.mergedInto && d.status !== 'rejected' && (
        <RewardForm detail={d} me={props.me} run={run} />
      )}
      {back}
    </section>
  );
}
