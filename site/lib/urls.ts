/** Where each kind of page lives. Pure, so the build, the search index and tools agree. */

/** Content pages live at /<id>/, except `report` (how to report), which sits beside the form. */
const PAGE_PATHS: Record<string, string> = { report: '/report/guide/' };

export const pageUrl = (id: string) => PAGE_PATHS[id] ?? `/${id}/`;
export const patternUrl = (slug: string) => `/patterns/${slug}/`;
export const alertUrl = (id: string) => `/alerts/${id}/`;
export const noticeUrl = (id: string) => `/exposure/${id}/`;

/** The main navigation: path and UI-string key, shared by the Astro header and server-rendered pages. */
export const SITE_NAV = [
  ['/', 'nav.home'],
  ['/patterns/', 'nav.patterns'],
  ['/alerts/', 'nav.alerts'],
  ['/exposure/', 'nav.exposure'],
  ['/check/', 'nav.check'],
  ['/report/', 'nav.report'],
  ['/search/', 'nav.search'],
] as const;
