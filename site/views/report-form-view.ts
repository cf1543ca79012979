/**
 * The tip-off form's markup, shared by the /report/ island (site/islands/ReportForm.tsx) and the
 * no-JS answer pages (functions/report-form.ts) so both show the same fields, words and errors.
 * Without JS (`enhanced: false`) it is a plain multipart form posting to /report/submit, with the
 * "call 110" panel always shown and the numbers as a textarea.
 */
import { h, type ComponentChildren } from 'preact';
import { siteConfig } from '../lib/site-config.ts';
import { t } from '../i18n/t.ts';
import {
  TIPOFF_CATEGORIES,
  TIPOFF_CATEGORY_KEYS,
  TIPOFF_LIMITS,
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

/** The form's values as the fields hold them (strings and checkboxes). */
export interface ReportFormValues {
  category: string;
  description: string;
  /** One number, link or account per line. */
  entities: string;
  occurredAt: string;
  district: string;
  lostMoney: boolean;
  contactName: string;
  contactPhone: string;
  contactOther: string;
  consent: boolean;
}

export const EMPTY_REPORT_VALUES: ReportFormValues = {
  category: '',
  description: '',
  entities: '',
  occurredAt: '',
  district: '',
  lostMoney: false,
  contactName: '',
  contactPhone: '',
  contactOther: '',
  consent: false,
};

/** Element ids, one per field key (schema paths such as `entities.2.value` use their first part). */
export const REPORT_FIELD_IDS: Record<string, string> = {
  category: `report-category-${TIPOFF_CATEGORY_KEYS[0]}`,
  description: 'report-description',
  entities: 'report-entities',
  occurredAt: 'report-occurredAt',
  district: 'report-district',
  lostMoney: 'report-lostMoney',
  screenshots: 'report-screenshots',
  'contact.name': 'report-contact-name',
  'contact.phone': 'report-contact-phone',
  'contact.other': 'report-contact-other',
  consent: 'report-consent',
};
const FIELD_ORDER = Object.keys(REPORT_FIELD_IDS);

/**
 * Turns schema issue paths (`contact.phone`, `entities.3.value`) and messages into the form's
 * errors: one per field, in page order, each linked to its element.
 */
export function reportFormErrors(
  issues: readonly { field: string; message: string }[],
): FormError[] {
  const byField = new Map<string, string>();
  for (const i of issues) {
    const field = i.field.startsWith('contact.')
      ? i.field.split('.').slice(0, 2).join('.')
      : i.field.split('.')[0]!;
    // Honeypot and unknown fields have nothing to link to; the first message per field wins.
    const key = field === 'contact' ? 'contact.phone' : field;
    if (REPORT_FIELD_IDS[key] && !byField.has(key)) byField.set(key, i.message);
  }
  return FIELD_ORDER.filter((f) => byField.has(f)).map((f) => ({
    field: f,
    target: REPORT_FIELD_IDS[f]!,
    message: byField.get(f)!,
  }));
}

export interface ReportFormViewProps extends FormViewProps {
  values: ReportFormValues;
  /** True once the island runs: the 110 panel follows the checkbox, numbers become a list. */
  enhanced: boolean;
  /** The island's editable list of numbers (replaces the textarea when enhanced). */
  entitiesEditor?: ComponentChildren;
  /** Said under the screenshots field on a server answer: files are not kept across a failed try. */
  screenshotsNote?: string;
  /** A general message above the button (network failure, rate limit). */
  formMessage?: string;
}

/** The panel urging a call to 110: a tip-off is not a police report. */
export function LostMoneyPanel(_props: Record<string, never>) {
  return h(
    'div',
    { class: 'panel panel-danger' },
    h('h2', null, t('report.lostMoney.panel.title')),
    h('p', null, t('report.lostMoney.panel.text')),
    h(
      'p',
      { class: 'tel-row' },
      h('a', { class: 'btn btn-danger btn-big', href: 'tel:110' }, t('report.lostMoney.call')),
    ),
  );
}

export function ReportFormView(p: ReportFormViewProps) {
  const v = p.values;
  const err = (f: string) => errorFor(p.errors, f);
  const id = (f: string) => REPORT_FIELD_IDS[f]!;
  const errId = (f: string) => `${id(f)}-error`;
  const hintId = (f: string) => `${id(f)}-hint`;
  const showLostPanel = !p.enhanced || v.lostMoney;

  /** Label, hint and error, in GOV.UK order: the hint and error are read with the field. */
  const labelBlock = (f: string, label: string, hint?: string) => [
    h('label', { for: id(f) }, label),
    hint && h('p', { id: hintId(f), class: 'hint' }, hint),
    FieldErrorText({ id: errId(f), message: err(f) }),
  ];

  const textField = (
    f: string,
    name: string,
    label: string,
    value: string,
    extra: Record<string, unknown> = {},
    hint?: string,
  ) =>
    Field({
      error: err(f),
      children: [
        ...labelBlock(f, label, hint),
        h('input', {
          id: id(f),
          name,
          type: 'text',
          value,
          'aria-invalid': err(f) ? 'true' : undefined,
          'aria-describedby': describedBy(hint && hintId(f), err(f) && errId(f)),
          ...extra,
        }),
      ],
    });

  return h(
    'form',
    {
      method: 'post',
      action: '/report/submit',
      encType: 'multipart/form-data',
      class: 'report-form',
      // GOV.UK: the server (or the island) says what is wrong, in words; no browser bubbles.
      noValidate: true,
      onSubmit: p.onSubmit,
      onInput: p.onInput,
      onChange: p.onInput,
      'aria-busy': p.busy ? 'true' : undefined,
    },
    FormErrorSummary(p),

    // 1. Category: a radio list, one tap each.
    Field({
      error: err('category'),
      children: h(
        'fieldset',
        { 'aria-describedby': describedBy(err('category') && errId('category')) },
        h('legend', null, h('span', { class: 'legend-text' }, t('report.category.legend'))),
        FieldErrorText({ id: errId('category'), message: err('category') }),
        h(
          'div',
          { class: 'choices' },
          TIPOFF_CATEGORY_KEYS.map((code) =>
            h(
              'div',
              { class: 'choice', key: code },
              h('input', {
                type: 'radio',
                name: 'category',
                id: `report-category-${code}`,
                value: code,
                checked: v.category === code,
                required: true,
              }),
              h('label', { for: `report-category-${code}` }, TIPOFF_CATEGORIES[code]),
            ),
          ),
        ),
      ),
    }),

    // 2. What happened.
    Field({
      error: err('description'),
      children: [
        ...labelBlock('description', t('report.description.label'), t('report.description.hint')),
        h('textarea', {
          id: id('description'),
          name: 'description',
          rows: 6,
          required: true,
          minLength: TIPOFF_LIMITS.descriptionMin,
          maxLength: TIPOFF_LIMITS.descriptionMax,
          value: v.description,
          'aria-invalid': err('description') ? 'true' : undefined,
          'aria-describedby': describedBy(
            hintId('description'),
            err('description') && errId('description'),
          ),
        }),
      ],
    }),

    // 3. Numbers, links, accounts: a list the island fills from the description, else a textarea.
    p.enhanced && p.entitiesEditor
      ? Field({ error: err('entities'), children: p.entitiesEditor })
      : Field({
          error: err('entities'),
          children: [
            ...labelBlock('entities', t('report.entities.label'), t('report.entities.hint')),
            h('textarea', {
              id: id('entities'),
              name: 'entities',
              rows: 3,
              value: v.entities,
              autoComplete: 'off',
              spellcheck: false,
              'aria-invalid': err('entities') ? 'true' : undefined,
              'aria-describedby': describedBy(
                hintId('entities'),
                err('entities') && errId('entities'),
              ),
            }),
          ],
        }),

    // 4. When and where.
    textField('occurredAt', 'occurredAt', t('report.occurredAt.label'), v.occurredAt, {
      type: 'date',
    }),
    Field({
      error: err('district'),
      children: [
        ...labelBlock('district', t('report.district.label')),
        h(
          'select',
          {
            id: id('district'),
            name: 'district',
            value: v.district,
            'aria-invalid': err('district') ? 'true' : undefined,
            'aria-describedby': describedBy(err('district') && errId('district')),
          },
          h('option', { value: '' }, t('report.district.none')),
          siteConfig.districts.map((d) => h('option', { value: d, key: d }, d)),
        ),
      ],
    }),

    // 5. Lost money: the panel sits right next to the box; without JS it is always shown.
    Field({
      error: err('lostMoney'),
      children: [
        h(
          'div',
          { class: 'choice' },
          h('input', {
            type: 'checkbox',
            id: id('lostMoney'),
            name: 'lostMoney',
            value: 'on',
            checked: v.lostMoney,
          }),
          h('label', { for: id('lostMoney') }, t('report.lostMoney.label')),
        ),
        // With JS the panel appears when the box is ticked; the live region makes it heard.
        p.enhanced
          ? h('div', { 'aria-live': 'polite' }, showLostPanel && LostMoneyPanel({}))
          : LostMoneyPanel({}),
      ],
    }),

    // 6. Screenshots.
    Field({
      error: err('screenshots'),
      children: [
        ...labelBlock(
          'screenshots',
          t('report.screenshots.label', { max: TIPOFF_LIMITS.attachmentsMax }),
          t('report.screenshots.hint', { mb: TIPOFF_LIMITS.attachmentBytesMax / 1024 / 1024 }),
        ),
        p.screenshotsNote &&
          h('p', { class: 'hint', id: `${id('screenshots')}-note` }, p.screenshotsNote),
        h('input', {
          id: id('screenshots'),
          name: 'screenshots',
          type: 'file',
          multiple: true,
          accept: 'image/jpeg,image/png,image/webp',
          'aria-invalid': err('screenshots') ? 'true' : undefined,
          'aria-describedby': describedBy(
            hintId('screenshots'),
            p.screenshotsNote && `${id('screenshots')}-note`,
            err('screenshots') && errId('screenshots'),
          ),
        }),
      ],
    }),

    // 7. Contact, optional: only needed for the reward.
    h(
      'fieldset',
      { class: 'field', 'aria-describedby': 'report-contact-hint' },
      h('legend', null, h('span', { class: 'legend-text' }, t('report.contact.legend'))),
      h('p', { id: 'report-contact-hint', class: 'hint' }, t('report.contact.hint')),
      textField('contact.name', 'contact.name', t('report.contact.name'), v.contactName, {
        autoComplete: 'name',
        maxLength: TIPOFF_LIMITS.contactNameMax,
      }),
      textField('contact.phone', 'contact.phone', t('report.contact.phone'), v.contactPhone, {
        type: 'tel',
        autoComplete: 'tel',
        inputMode: 'tel',
      }),
      textField('contact.other', 'contact.other', t('report.contact.other'), v.contactOther, {
        maxLength: TIPOFF_LIMITS.contactOtherMax,
      }),
    ),

    // 8. Consent.
    Field({
      error: err('consent'),
      children: [
        FieldErrorText({ id: errId('consent'), message: err('consent') }),
        h(
          'div',
          { class: 'choice' },
          h('input', {
            type: 'checkbox',
            id: id('consent'),
            name: 'consent',
            value: 'on',
            checked: v.consent,
            required: true,
            'aria-invalid': err('consent') ? 'true' : undefined,
            'aria-describedby': describedBy(err('consent') && errId('consent')),
          }),
          h(
            'label',
            { for: id('consent') },
            t('report.consent.before'),
            h('a', { href: '/privacy/' }, t('report.consent.link')),
            t('report.consent.after'),
          ),
        ),
      ],
    }),

    // Honeypot: people never see or reach it; form-filling bots do.
    h(
      'div',
      { class: 'visually-hidden', 'aria-hidden': 'true' },
      h('label', { for: 'report-website' }, t('report.honeypot')),
      h('input', {
        type: 'text',
        id: 'report-website',
        name: 'website',
        tabIndex: -1,
        autoComplete: 'off',
        value: '',
      }),
    ),

    p.formMessage &&
      h('div', { class: 'panel panel-danger', role: 'alert' }, h('p', null, p.formMessage)),

    h(
      'p',
      null,
      h(
        'button',
        { type: 'submit', class: 'btn btn-primary btn-big', disabled: p.busy },
        p.busy ? t('report.sending') : t('report.submit'),
      ),
    ),
  );
}
