/**
 * The tip-off status page's markup, shared by the /report/status/ island and the no-JS answers
 * of functions/report-form.ts: the look-up form, the status with a plain explanation, the office's
 * messages, and the form to add information while the case is open.
 */
import { h, type ComponentChildren, type Ref } from 'preact';
import { t } from '../i18n/t.ts';
import { siteConfig } from '../lib/site-config.ts';
import { telHref } from '../lib/phone.ts';
import {
  TIPOFF_LIMITS,
  TIPOFF_STATUS_LABELS,
  type TipoffStatus,
} from '../../functions/schemas/tipoff.ts';
import {
  Field,
  FieldErrorText,
  FormErrorSummary,
  describedBy,
  errorFor,
  type FormError,
  type FormViewProps,
} from './form-parts.ts';
import { REVIEW_WORKING_DAYS } from './receipt-view.ts';

/** What /api/tipoffs/status answers (TipoffPublicStatus in functions/tipoff-service.ts). */
export interface TipoffStatusView {
  status: TipoffStatus;
  statusLabel?: string;
  updatedAt: string;
  messages: { at: string; text: string }[];
  canAddInfo: boolean;
}

/** 2025-03-01T02:00:00Z → 2025年3月1日 10:00 (China time, as the office works). */
export function formatChinaTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export const STATUS_FIELD_IDS: Record<string, string> = { receipt: 'status-receipt' };
export const ADD_INFO_FIELD_IDS: Record<string, string> = {
  text: 'add-info-text',
  screenshots: 'add-info-screenshots',
};

/** Schema issues → linked errors for one of the two forms. */
export function linkedErrors(
  ids: Record<string, string>,
  issues: readonly { field: string; message: string }[],
): FormError[] {
  const seen = new Set<string>();
  const out: FormError[] = [];
  for (const i of issues) {
    const f = i.field.split('.')[0]!;
    const target = ids[f] ?? ids[Object.keys(ids)[0]!]!;
    if (seen.has(f)) continue;
    seen.add(f);
    out.push({ field: ids[f] ? f : Object.keys(ids)[0]!, target, message: i.message });
  }
  return out;
}

export function StatusLookupForm(
  p: FormViewProps & {
    receipt: string;
    enhanced?: boolean;
  },
) {
  const err = errorFor(p.errors, 'receipt');
  return h(
    'form',
    {
      method: 'post',
      action: '/report/status',
      class: 'status-form',
      noValidate: true,
      onSubmit: p.onSubmit,
    },
    FormErrorSummary(p),
    Field({
      error: err,
      children: [
        h('label', { for: 'status-receipt' }, t('status.receipt.label')),
        h('p', { id: 'status-receipt-hint', class: 'hint' }, t('status.receipt.hint')),
        FieldErrorText({ id: 'status-receipt-error', message: err }),
        h('input', {
          id: 'status-receipt',
          name: 'receipt',
          type: 'text',
          class: 'receipt-input',
          value: p.receipt,
          required: true,
          maxLength: 80,
          // A code, not a word: no autofill of old codes, no spellcheck squiggles, no capitalising.
          autoComplete: 'off',
          autoCapitalize: 'characters',
          autoCorrect: 'off',
          spellcheck: false,
          'aria-invalid': err ? 'true' : undefined,
          'aria-describedby': describedBy('status-receipt-hint', err && 'status-receipt-error'),
          onInput: p.onInput,
        }),
      ],
    }),
    h(
      'p',
      null,
      h(
        'button',
        { type: 'submit', class: 'btn btn-primary btn-big', disabled: p.busy },
        p.busy ? t('status.checking') : t('status.submit'),
      ),
    ),
  );
}

export function AddInfoForm(
  p: FormViewProps & {
    receipt: string;
    text: string;
    enhanced?: boolean;
    formMessage?: string | undefined;
  },
) {
  const textErr = errorFor(p.errors, 'text');
  const fileErr = errorFor(p.errors, 'screenshots');
  return h(
    'form',
    {
      method: 'post',
      action: '/report/add-info',
      encType: 'multipart/form-data',
      class: 'add-info-form',
      // GOV.UK: the server (or the island) says what is wrong, in words; no browser bubbles.
      noValidate: true,
      onSubmit: p.onSubmit,
      'aria-labelledby': 'add-info-title',
    },
    h('h2', { id: 'add-info-title' }, t('status.addInfo.title')),
    FormErrorSummary(p),
    // The code travels in the form body, never in the URL.
    h('input', { type: 'hidden', name: 'receipt', value: p.receipt }),
    Field({
      error: textErr,
      children: [
        h('label', { for: 'add-info-text' }, t('status.addInfo.text.label')),
        h('p', { id: 'add-info-text-hint', class: 'hint' }, t('status.addInfo.text.hint')),
        FieldErrorText({ id: 'add-info-text-error', message: textErr }),
        h('textarea', {
          id: 'add-info-text',
          name: 'text',
          rows: 5,
          required: true,
          maxLength: TIPOFF_LIMITS.infoTextMax,
          value: p.text,
          onInput: p.onInput,
          'aria-invalid': textErr ? 'true' : undefined,
          'aria-describedby': describedBy('add-info-text-hint', textErr && 'add-info-text-error'),
        }),
      ],
    }),
    Field({
      error: fileErr,
      children: [
        h(
          'label',
          { for: 'add-info-screenshots' },
          t('report.screenshots.label', { max: TIPOFF_LIMITS.attachmentsMax }),
        ),
        h(
          'p',
          { id: 'add-info-screenshots-hint', class: 'hint' },
          t('report.screenshots.hint', { mb: TIPOFF_LIMITS.attachmentBytesMax / 1024 / 1024 }),
        ),
        FieldErrorText({ id: 'add-info-screenshots-error', message: fileErr }),
        h('input', {
          id: 'add-info-screenshots',
          name: 'screenshots',
          type: 'file',
          multiple: true,
          accept: 'image/jpeg,image/png,image/webp',
          'aria-invalid': fileErr ? 'true' : undefined,
          'aria-describedby': describedBy(
            'add-info-screenshots-hint',
            fileErr && 'add-info-screenshots-error',
          ),
        }),
      ],
    }),
    p.formMessage &&
      h('div', { class: 'panel panel-danger', role: 'alert' }, h('p', null, p.formMessage)),
    h(
      'p',
      null,
      h(
        'button',
        { type: 'submit', class: 'btn btn-primary btn-big', disabled: p.busy },
        t('status.addInfo.submit'),
      ),
    ),
  );
}

export function StatusResult(p: {
  result: TipoffStatusView;
  headingRef?: Ref<HTMLHeadingElement>;
  /** Shown above the status, e.g. "补充材料已收到". */
  notice?: string | undefined;
  /** The add-info form (when allowed). */
  children?: ComponentChildren;
}) {
  const r = p.result;
  const label = r.statusLabel ?? TIPOFF_STATUS_LABELS[r.status];
  const office = siteConfig.office;
  return h(
    'section',
    { class: 'status-result', 'aria-labelledby': 'status-result-title' },
    p.notice && h('div', { class: 'panel panel-ok', role: 'status' }, h('p', null, p.notice)),
    h(
      'h2',
      { id: 'status-result-title', tabIndex: -1, ref: p.headingRef },
      t('status.current'),
      '：',
      h('span', { class: `status-label status-${r.status}` }, label),
    ),
    h(
      'p',
      { class: 'status-explain' },
      t(`status.explain.${r.status}`, { days: REVIEW_WORKING_DAYS }),
    ),
    r.status === 'reward-pending' &&
      h(
        'div',
        { class: 'panel panel-warn' },
        h(
          'p',
          null,
          t('status.reward.where', { address: office.address, hours: office.hours }),
          telHref(office.phone)
            ? h('a', { href: telHref(office.phone) }, office.phone)
            : h('span', null, office.phone, t('sample.noDial')),
        ),
        h('p', null, h('strong', null, t('status.reward.noFee'))),
      ),
    h('p', { class: 'meta' }, t('status.updated', { date: formatChinaTime(r.updatedAt) })),
    h('h2', null, t('status.messages.title')),
    r.messages.length === 0
      ? h('p', { class: 'muted' }, t('status.messages.none'))
      : h(
          'ol',
          { class: 'status-messages' },
          r.messages.map((m, i) =>
            h(
              'li',
              { key: i },
              h('p', { class: 'meta' }, formatChinaTime(m.at)),
              h('p', { class: 'status-message-text' }, m.text),
            ),
          ),
        ),
    p.children,
  );
}
