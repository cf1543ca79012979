/**
 * Building blocks of every citizen form, after GOV.UK's error-summary pattern: the summary at the
 * top (focused, each error a link to its field) and the same words beside the field. Written with
 * `h` rather than JSX so the no-JS server pages (functions/report-form.ts, run by Node without a
 * JSX compiler) render the very same markup as the islands.
 */
import { h, type ComponentChildren, type Ref } from 'preact';
import { t } from '../i18n/t.ts';

/** One problem with one field, in the order the fields appear on the page. */
export interface FormError {
  /** The field's key, e.g. `description` or `contact.phone`. */
  field: string;
  /** The element id the summary links to. */
  target: string;
  message: string;
}

/** Field key → its message, for the words beside each field. */
export const errorFor = (errors: readonly FormError[], field: string): string | undefined =>
  errors.find((e) => e.field === field)?.message;

/**
 * The summary at the top of a form. Focused when shown (by the island, or `autofocus` on server
 * pages) so screen readers announce it and keyboard users start from it.
 */
export function ErrorSummary(props: {
  errors: readonly FormError[];
  title?: string;
  autoFocus?: boolean;
  summaryRef?: Ref<HTMLDivElement>;
  onLinkClick?: (e: MouseEvent) => void;
}) {
  if (props.errors.length === 0) return null;
  return h(
    'div',
    {
      class: 'error-summary',
      tabIndex: -1,
      ref: props.summaryRef,
      autoFocus: props.autoFocus,
      'aria-labelledby': 'error-summary-title',
    },
    h(
      'div',
      { role: 'alert' },
      h('h2', { id: 'error-summary-title' }, props.title ?? t('report.errors.title')),
      h(
        'ul',
        null,
        props.errors.map((e) =>
          h(
            'li',
            { key: e.field },
            h('a', { href: `#${e.target}`, onClick: props.onLinkClick }, e.message),
          ),
        ),
      ),
    ),
  );
}

/** What every citizen form view takes besides its own fields: the errors, the summary and handlers. */
export interface FormViewProps {
  errors: readonly FormError[];
  busy?: boolean;
  /** Autofocus the error summary (server pages: no script to move focus). */
  focusSummary?: boolean;
  summaryRef?: Ref<HTMLDivElement>;
  onErrorLinkClick?: (e: MouseEvent) => void;
  onSubmit?: (e: SubmitEvent) => void;
  onInput?: (e: Event) => void;
}

/** A form view's error summary, wired from its props. */
export function FormErrorSummary(p: FormViewProps) {
  return ErrorSummary({
    errors: p.errors,
    autoFocus: p.focusSummary,
    summaryRef: p.summaryRef,
    onLinkClick: p.onErrorLinkClick,
  });
}

/** The message beside a field; "错误：" is read out but not shown (the red text and border show it). */
export function FieldErrorText(props: { id: string; message: string | undefined }) {
  if (!props.message) return null;
  return h(
    'p',
    { id: props.id, class: 'field-error' },
    h('span', { class: 'visually-hidden' }, t('report.errors.prefix')),
    props.message,
  );
}

/** `aria-describedby` from the ids that exist. */
export const describedBy = (...ids: (string | false | undefined)[]): string | undefined =>
  ids.filter(Boolean).join(' ') || undefined;

/** A labelled wrapper: `.field`, plus `.field-has-error` when it has a message. */
export function Field(props: {
  error?: string | undefined;
  children: ComponentChildren;
  class?: string;
}) {
  return h(
    'div',
    { class: ['field', props.error && 'field-has-error', props.class].filter(Boolean).join(' ') },
    props.children,
  );
}

/**
 * Moves focus to the field an error link points at and scrolls its label (or legend) into view,
 * as GOV.UK does: a bare `#id` jump would hide the label above the top of the screen.
 */
export function focusErrorTarget(e: MouseEvent): void {
  const a = e.currentTarget as HTMLAnchorElement | null;
  const id = a?.hash.slice(1);
  const input = id ? document.getElementById(decodeURIComponent(id)) : null;
  if (!input) return;
  e.preventDefault();
  const legend = input.closest('fieldset')?.querySelector('legend');
  const label = document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
  (legend ?? label ?? input).scrollIntoView();
  input.focus({ preventScroll: true });
}
