/**
 * Turns content (explainers, alerts, notices, pages) into search documents. Pure, so the build
 * endpoint (from Astro's collections) and the search-quality test (from the files) share it.
 */
import { maskExposureValue } from '../../bot/mask.ts';
import { EXPOSURE_KINDS, type ExposureKind } from '../lib/taxonomy.ts';
import type { SearchDoc } from '../../bot/search/indexer.ts';
import { markdownToText } from '../../bot/search/markdown.ts';
import { alertUrl, noticeUrl, patternUrl } from '../lib/urls.ts';
import { sampleTitle } from '../lib/sample.ts';

export interface PatternData {
  title: string;
  summary: string;
  aliases: string[];
  redFlags: { label: string; phrases: string[]; reason: string }[];
  steps: string[];
  scripts: string[];
  dos: string[];
  donts: string[];
}
export interface AlertData {
  title: string;
  summary: string;
  districts: string[];
  audiences: string[];
  /** Made-up demo alert: its title carries 【示例】 in results. */
  sample?: boolean;
}
export interface NoticeData {
  title: string;
  issuer: string;
  summary: string;
  /** Demo notice: its title carries 示例 in results. */
  sample?: boolean;
  entries: { kind: ExposureKind; value: string; note: string }[];
}
export interface PageData {
  title: string;
  description: string;
}

export interface ContentForSearch {
  patterns: { id: string; data: PatternData; body: string }[];
  alerts: { id: string; data: AlertData; body: string }[];
  notices: { id: string; data: NoticeData }[];
  pages: { id: string; data: PageData; body: string; url: string }[];
}

/** Search documents for every explainer, alert, notice and page. Personal data is masked. */
export function searchDocuments(c: ContentForSearch): SearchDoc[] {
  const docs: SearchDoc[] = [];
  for (const p of c.patterns) {
    const d = p.data;
    docs.push({
      id: `pattern:${p.id}`,
      type: '诈骗类型',
      url: patternUrl(p.id),
      title: d.title,
      keywords: [d.summary, ...d.aliases].join('\n'),
      text: [
        d.summary,
        ...d.redFlags.flatMap((f) => [f.label, f.phrases.join('，'), f.reason]),
        ...d.steps,
        ...d.scripts,
        ...d.dos,
        ...d.donts,
        markdownToText(p.body),
      ].join('\n'),
    });
  }
  for (const a of c.alerts) {
    docs.push({
      id: `alert:${a.id}`,
      type: '预警',
      url: alertUrl(a.id),
      title: sampleTitle(a.data.title, a.data.sample),
      keywords: [a.data.summary, ...a.data.districts, ...a.data.audiences].join('\n'),
      text: [a.data.summary, markdownToText(a.body)].join('\n'),
    });
  }
  for (const n of c.notices) {
    docs.push({
      id: `notice:${n.id}`,
      type: '曝光',
      url: noticeUrl(n.id),
      title: sampleTitle(n.data.title, n.data.sample),
      keywords: [n.data.issuer, n.data.summary].join('\n'),
      text: [
        n.data.summary,
        ...n.data.entries.map(
          (e) => `${EXPOSURE_KINDS[e.kind]} ${maskExposureValue(e.kind, e.value)} ${e.note}`,
        ),
      ].join('\n'),
    });
  }
  for (const p of c.pages) {
    docs.push({
      id: `page:${p.id}`,
      type: '页面',
      url: p.url,
      title: p.data.title,
      keywords: p.data.description,
      text: [p.data.description, markdownToText(p.body)].join('\n'),
    });
  }
  return docs;
}
