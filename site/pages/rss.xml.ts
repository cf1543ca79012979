/** RSS feed of alerts, newest first, for residents and community WeChat editors who follow them. */
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { getAlerts } from '../lib/content.ts';
import { siteConfig } from '../lib/site-config.ts';
import { alertUrl } from '../lib/urls.ts';
import { sampleTitle } from '../lib/sample.ts';
import { t } from '../i18n/t.ts';

export const GET: APIRoute = async () => {
  const alerts = await getAlerts();
  return rss({
    title: `${siteConfig.siteName} · 诈骗预警`,
    description: `${siteConfig.office.name}发布的电信网络诈骗预警`,
    site: siteConfig.siteUrl,
    customData: '<language>zh-cn</language>',
    items: alerts.map((a) => ({
      title: `【${a.data.severity}】${sampleTitle(a.data.title, a.data.sample)}`,
      link: alertUrl(a.id),
      pubDate: a.data.date,
      // Feed readers show no page banner: a sample alert says so in its own text.
      description: a.data.sample ? `${t('sample.alert')}${a.data.summary}` : a.data.summary,
      categories: [...a.data.districts, ...a.data.audiences],
    })),
  });
};
