/** Where each kind of page lives. Pure, so the build, the search index and tools agree. */

/** Content pages live at /<id>/, except `report` (how to report), which sits beside the form. */
const PAGE_PATHS: Record<string, string> = { report: '/report/guide/' };

export const pageUrl = (id: string) => PAGE_PATHS[id] ?? `/${id}/`;
export const patternUrl = (slug: string) => `/patterns/${slug}/`;
export const alertUrl = (id: string) => `/alerts/${id}/`;
export const noticeUrl = (id: string) => `/exposure/${id}/`;
