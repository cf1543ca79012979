/**
 * The tip-off receipt, shown once after a report is sent (by the island, or by the no-JS answer
 * page). The code is the only key to the tip-off: it is never put in a URL, and we cannot look it up
 * again for anyone, so the page says so plainly and offers ways to keep it.
 */
import { h, type ComponentChildren, type Ref } from 'preact';
import { t } from '../i18n/t.ts';

/** Working days the office takes to look at a new tip-off, as promised on the receipt. */
export const REVIEW_WORKING_DAYS = 7;

/** The code split at its dashes: FZ-ABCD-… → ['FZ', 'ABCD', …]. */
export const receiptGroups = (code: string): string[] => code.split('-').filter(Boolean);

/** The lines printed under the code on the saved picture. */
export function receiptImageLines(): string[] {
  return [
    t('report.receipt.keep'),
    t('report.receipt.next.review', { days: REVIEW_WORKING_DAYS }),
    t('report.receipt.next.status'),
    t('report.receipt.never'),
    t('report.receipt.lost'),
  ];
}

export function ReceiptView(props: {
  code: string;
  /** Buttons (copy, print, save) from the island; absent on the no-JS page. */
  actions?: ComponentChildren;
  headingRef?: Ref<HTMLHeadingElement>;
  /** h1 on a page of its own, h2 inside the report page. */
  headingLevel?: 1 | 2;
}) {
  const heading = props.headingLevel === 1 ? 'h1' : 'h2';
  const sub = props.headingLevel === 1 ? 'h2' : 'h3';
  return h(
    'section',
    { class: 'receipt', 'aria-labelledby': 'receipt-title' },
    h(
      heading,
      { id: 'receipt-title', tabIndex: -1, ref: props.headingRef },
      t('report.receipt.title'),
    ),
    h(
      'div',
      { class: 'receipt-card' },
      h('p', { class: 'receipt-label', id: 'receipt-code-label' }, t('report.receipt.codeLabel')),
      h(
        'p',
        { class: 'receipt-code', id: 'receipt-code' },
        receiptGroups(props.code).map((g, i, all) =>
          h(
            'span',
            { key: i, class: 'receipt-group' },
            g,
            i < all.length - 1 && h('span', { class: 'receipt-dash' }, '-'),
          ),
        ),
      ),
      h('p', { class: 'receipt-keep' }, h('strong', null, t('report.receipt.keep'))),
      props.actions ?? h('p', null, t('report.receipt.noJs')),
    ),
    h(sub, null, t('report.receipt.next.title')),
    h(
      'ul',
      null,
      h('li', null, t('report.receipt.next.review', { days: REVIEW_WORKING_DAYS })),
      h('li', null, t('report.receipt.next.status')),
      h('li', null, h('strong', null, t('report.receipt.never'))),
    ),
    h(
      'div',
      { class: 'panel panel-danger' },
      h('p', null, t('report.receipt.lost')),
      h(
        'p',
        { class: 'tel-row' },
        h('a', { class: 'btn btn-danger', href: 'tel:110' }, t('report.lostMoney.call')),
      ),
    ),
    h(
      'p',
      { class: 'no-print' },
      h('a', { href: '/report/status/' }, t('report.receipt.statusLink')),
    ),
  );
}
