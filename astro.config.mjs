// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import sitemap from '@astrojs/sitemap';
import site from './content/site.json' with { type: 'json' };
import csp from './site/integrations/csp.ts';
import delivery, { compressedCopies } from './site/integrations/delivery.ts';
import { satteri } from '@astrojs/markdown-satteri';
import { telLinks } from './site/integrations/rehype-tel-links.ts';

export default defineConfig({
  srcDir: './site',
  publicDir: './public',
  outDir: './dist',
  site: site.siteUrl,
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'auto' },
  // No prefetching, no dev toolbar, no telemetry: nothing reaches out at run time.
  prefetch: false,
  // Every phone number in Markdown/MDX content becomes a tel: link if site.json lets it dial.
  markdown: { processor: satteri({ hastPlugins: [telLinks] }) },
  devToolbar: { enabled: false },
  integrations: [
    mdx(),
    preact(),
    sitemap({ filter: (page) => !page.includes('/admin/') }),
    csp(),
    delivery({
      // /check/ runs the engine on the knowledge at once: both start with the HTML.
      preload: { '/check/': { modules: ['bot/analyze.ts'], fetch: ['/bot-knowledge.json'] } },
    }),
    // Last: it compresses what the integrations before it wrote.
    compressedCopies(),
  ],
  server: { port: 4321 },
});
