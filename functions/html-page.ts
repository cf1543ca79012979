/**
 * A small HTML shell for the pages the server itself answers (the no-JS report and status forms).
 * It mirrors the Astro layout's header and footer — emergency strip, site name, navigation — and
 * links the same stylesheet, so a citizen without JavaScript sees the same site, not a bare page.
 * No inline script or style: the Content-Security-Policy forbids them.
 */
import { h, type ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { siteConfig } from '../site/lib/site-config.ts';
import { t } from '../site/i18n/t.ts';
import { SITE_NAV } from '../site/lib/urls.ts';
import { telHref } from '../site/lib/phone.ts';

/** A one-tap number; a sample placeholder stays text so it never dials a stranger. */
const tel = (n: string) => {
  const href = telHref(n);
  return href ? h('a', { href }, n) : h('span', null, n, t('sample.noDial'));
};

export interface HtmlPageOptions {
  title: string;
  /** Prefixes the title with 错误： (GOV.UK error-summary pattern). */
  hasErrors?: boolean;
  /** The nav item to mark as the current page. */
  current?: string;
  body: ComponentChildren;
}

/** Renders a full HTML document around `body`. */
export function renderHtmlPage(o: HtmlPageOptions): string {
  const title = `${o.hasErrors ? '错误：' : ''}${o.title} - ${siteConfig.siteName}`;
  const page = h(
    'html',
    { lang: 'zh-CN' },
    h(
      'head',
      null,
      h('meta', { charSet: 'utf-8' }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('title', null, title),
      // Answers to a POST carry personal data or a receipt: never indexed.
      h('meta', { name: 'robots', content: 'noindex, nofollow' }),
      h('meta', { name: 'theme-color', content: '#0b4f9c' }),
      h('link', { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' }),
      h('link', { rel: 'stylesheet', href: '/styles/site.css' }),
      h('link', { rel: 'stylesheet', href: '/styles/report.css' }),
      h('script', { src: '/theme.js' }),
    ),
    h(
      'body',
      null,
      h('a', { class: 'skip-link', href: '#main' }, t('site.skip')),
      h(
        'div',
        { class: 'sos' },
        h(
          'div',
          { class: 'wrap' },
          h('span', null, t('site.sos'), ' ', tel('110')),
          h('span', null, t('site.ask'), ' ', tel('96110')),
        ),
      ),
      h(
        'header',
        { class: 'site-header' },
        h(
          'div',
          { class: 'wrap' },
          h('a', { class: 'brand', href: '/' }, siteConfig.siteName),
          h(
            'nav',
            { class: 'nav', 'aria-label': '主导航' },
            h(
              'ul',
              null,
              SITE_NAV.map(([href, key]) =>
                h(
                  'li',
                  { key: href },
                  h('a', { href, 'aria-current': o.current === href ? 'page' : undefined }, t(key)),
                ),
              ),
            ),
          ),
        ),
      ),
      h('main', { id: 'main', class: 'wrap', tabIndex: -1 }, o.body),
      h(
        'footer',
        { class: 'site-footer' },
        h(
          'div',
          { class: 'wrap' },
          h(
            'p',
            null,
            h('strong', null, siteConfig.office.name),
            h('br', null),
            `地址：${siteConfig.office.address}`,
          ),
          h(
            'p',
            null,
            siteConfig.hotlines.map((l) =>
              h('span', { key: l.number }, `${l.name}：`, tel(l.number), ' '),
            ),
          ),
          h(
            'ul',
            null,
            h('li', null, h('a', { href: '/privacy/' }, t('footer.privacy'))),
            h('li', null, h('a', { href: '/about/' }, t('footer.about'))),
          ),
        ),
      ),
    ),
  );
  return `<!doctype html>${renderToString(page)}`;
}
