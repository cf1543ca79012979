/**
 * Approve a case onto the exposure board: one entry per number or link (pre-filled from the case),
 * each with a kind, an explainer and a public note; personal kinds wait for a second supervisor.
 */
import { useEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import {
  ExposureEntrySchema,
  SECOND_APPROVAL_KINDS,
} from '../../../functions/schemas/moderation.ts';
import type { TipoffEntityKind } from '../../../functions/schemas/tipoff.ts';
import { t } from '../../i18n/t.ts';
import { answer, api } from '../../lib/api.ts';
import { loadKnowledge } from '../../lib/knowledge-client.ts';
import { EXPOSURE_KINDS, EXPOSURE_KIND_KEYS, type ExposureKind } from '../../lib/taxonomy.ts';
import type { CaseDetail } from './api-types.ts';
import { FieldMessage } from './FieldMessage.tsx';
import type { Run } from './TextAction.tsx';

type ExposureEntry = z.output<typeof ExposureEntrySchema>;

/** The explainers' slugs and titles, for the pattern choice; none if the knowledge cannot load. */
const loadPatterns = () =>
  loadKnowledge()
    .then((k) => k.patterns.map((p) => ({ slug: p.slug, title: p.title })))
    .catch(() => []);

const ENTITY_TO_EXPOSURE: Record<TipoffEntityKind, ExposureKind | ''> = {
  phone: 'phone',
  url: 'url',
  app: 'app',
  account: 'account',
  qq: 'qq',
  wechat: 'wechat',
  other: '',
};

interface EntryDraft {
  include: boolean;
  kind: ExposureKind | '';
  value: string;
  pattern: string;
  publicNote: string;
}

export function ApproveForm(props: { detail: CaseDetail; run: Run }) {
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
    const out: ExposureEntry[] = [];
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
      const res = await answer(
        api.admin.tipoffs[':id'].approve.$post({ param: { id: d.id }, json: { entries: out } }),
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
