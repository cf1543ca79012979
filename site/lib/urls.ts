/** Where each kind of page lives (from bot/content-urls.ts, shared with the chat-bot) and the main navigation. */

export { pageUrl, patternUrl, alertUrl, noticeUrl, faqUrl } from '../../bot/content-urls.ts';

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
