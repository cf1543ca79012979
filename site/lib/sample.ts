/**
 * Labels for sample content (the demo deployment's made-up alerts and exposure notices), so a
 * reader never takes them for real local news or a real police list. Pure: pages, RSS and search.
 */
import { t } from '../i18n/t.ts';

/** The word every sample item carries where a reader sees it. */
export const SAMPLE_TAG = t('sample.tag');

/** A title with 【示例】 in front when the item is a sample and the title does not say so yet. */
export function sampleTitle(title: string, sample: boolean | undefined): string {
  if (!sample || title.includes(SAMPLE_TAG)) return title;
  return `【${SAMPLE_TAG}】${title}`;
}
