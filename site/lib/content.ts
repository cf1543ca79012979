/**
 * Content queries shared by the pages: sorted explainers, current and expired alerts, notice
 * entries with masked values, and the URLs of each kind of page.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { ALL_DISTRICTS } from './site-config.ts';

export type Pattern = CollectionEntry<'patterns'>;
export type Alert = CollectionEntry<'alerts'>;
export type Notice = CollectionEntry<'notices'>;
export type Page = CollectionEntry<'pages'>;

export { pageUrl, patternUrl, alertUrl, noticeUrl } from './urls.ts';

/** Explainers, most common first. */
export async function getPatterns(): Promise<Pattern[]> {
  const all = await getCollection('patterns');
  return all.sort((a, b) => a.data.order - b.data.order || a.data.title.localeCompare(b.data.title, 'zh'));
}

/** Alerts, newest first. */
export async function getAlerts(): Promise<Alert[]> {
  const all = await getCollection('alerts');
  return all.sort((a, b) => b.data.date.getTime() - a.data.date.getTime());
}

/** The build date: alerts expire relative to it (the site is rebuilt at least daily). */
export const today = new Date(new Date().toISOString().slice(0, 10));

export const isCurrent = (a: Alert, now: Date = today) => a.data.expires >= now;

/** Does the alert concern this 镇/街道? City-wide alerts concern every district. */
export const alertConcerns = (a: Alert, district: string) =>
  a.data.districts.includes(ALL_DISTRICTS) || a.data.districts.includes(district);

/** Notices, newest first. */
export async function getNotices(): Promise<Notice[]> {
  const all = await getCollection('notices');
  return all.sort((a, b) => b.data.date.getTime() - a.data.date.getTime());
}

/** 2026-11-29 → 2026年11月29日 */
export function formatDate(d: Date): string {
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
export const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** A safe URL segment for a Chinese filter value (Astro pre-renders one page per value). */
export const filterSegment = (value: string) => value.replace(/\//g, '-');
