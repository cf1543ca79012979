/**
 * Where each kind of content page lives. Kept in bot/ because the chat-bot links its answers to
 * these pages and bot/ may not import the site; the site re-exports them (site/lib/urls.ts).
 */

/** Content pages live at /<id>/, except `report` (how to report), which sits beside the form. */
const PAGE_PATHS: Record<string, string> = { report: '/report/guide/' };

export const pageUrl = (id: string) => PAGE_PATHS[id] ?? `/${id}/`;
export const patternUrl = (slug: string) => `/patterns/${slug}/`;
export const alertUrl = (id: string) => `/alerts/${id}/`;
export const noticeUrl = (id: string) => `/exposure/${id}/`;
/** The 常见问题 page, or one question on it. */
export const faqUrl = (id?: string) => (id ? `/faq/#${id}` : '/faq/');

/**
 * The slug a link points to, for telling whether an answer went to the right page: an explainer's
 * slug, a page's id (`report` for /report/guide/), `faq`; undefined for tel: and other links.
 */
export function pageSlugOf(href: string): string | undefined {
  if (!href.startsWith('/')) return undefined;
  const path = href.replace(/[#?].*$/, '');
  const pattern = /^\/patterns\/([a-z0-9-]+)\/?$/.exec(path);
  if (pattern) return pattern[1];
  for (const [id, p] of Object.entries(PAGE_PATHS)) if (path === p) return id;
  const page = /^\/([a-z0-9-]+)\/?$/.exec(path);
  return page ? page[1] : undefined;
}
