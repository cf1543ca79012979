/**
 * Which answers may be kept, by whom and for how long: one table for the Node adapter's static
 * files, the API and the README ("Caching and compression"). Chosen so that a city cannot get it
 * wrong: a new deploy shows at once, and nothing personal is ever stored on a shared computer.
 */

/** The Cache-Control value of each class of answer. */
export const CACHE_CONTROL = {
  /** Content-hashed names (Astro's /_astro/*, or ?v= matching the file's hash): never change. */
  immutable: 'public, max-age=31536000, immutable',
  /** Pages, bot-knowledge.json and other unhashed files: kept, but asked about (ETag → 304) each time. */
  revalidate: 'no-cache',
  /** The live exposure list: a minute's staleness is harmless; after that, an ETag check. */
  live: 'public, max-age=60',
  /** Anything about one person or case, and every staff page: never stored anywhere. */
  personal: 'no-store',
} as const;

/**
 * Pages about one person or for staff only, even where the page itself is a static shell:
 * status look-ups, receipts, the moderation console. (API answers are `no-store` by default.)
 */
const PERSONAL_PAGES = [/^\/admin(\/|$)/, /^\/report\/status(\/|$)/];

/** Is this path a page about one person or a staff page? */
export const isPersonalPage = (path: string): boolean => PERSONAL_PAGES.some((re) => re.test(path));

/**
 * Cache-Control for a file from the built site. `versioned`: the URL carries the file's own
 * content hash (Astro's /_astro/ names, or `?v=` that the build added and the server checked).
 */
export function staticCacheControl(path: string, versioned: boolean): string {
  if (isPersonalPage(path)) return CACHE_CONTROL.personal;
  if (versioned || path.startsWith('/_astro/')) return CACHE_CONTROL.immutable;
  return CACHE_CONTROL.revalidate;
}
