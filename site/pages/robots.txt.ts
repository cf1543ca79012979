/** robots.txt with the absolute sitemap address from the city config. */
import type { APIRoute } from 'astro';
import { siteConfig } from '../lib/site-config.ts';

export const GET: APIRoute = () =>
  new Response(
    ['User-agent: *', 'Disallow: /admin/', 'Disallow: /api/', `Sitemap: ${siteConfig.siteUrl}/sitemap-index.xml`, ''].join('\n'),
    { headers: { 'Content-Type': 'text/plain; charset=utf-8' } },
  );
