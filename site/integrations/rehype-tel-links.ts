/**
 * Build step on the HTML tree of Markdown/MDX content (a hast plugin for Sätteri, Astro 7's
 * Markdown processor, the counterpart of a rehype plugin): every phone number becomes a one-tap
 * `tel:` link, so editors write "拨打 110" and never hand-make links. Only numbers content/site.json
 * lists as dialable become links (site/lib/phone.ts); sample and text-only numbers stay plain text.
 */
import type { SatteriProcessorOptions } from '@astrojs/markdown-satteri';
import { splitPhoneText } from '../lib/phone.ts';

/** Inside these a number is already a link, is code, or is not for reading. */
const SKIP = new Set(['a', 'code', 'pre', 'script', 'style', 'textarea', 'button']);

interface Named {
  type: string;
  tagName?: string;
  name?: string | null;
}

type HastPlugin = Extract<
  NonNullable<SatteriProcessorOptions['hastPlugins']>[number],
  { name: string }
>;

/** The hast plugin: `markdown: { processor: satteri({ hastPlugins: [telLinks] }) }`. */
export const telLinks: HastPlugin = {
  name: 'fanzha-tel-links',
  text(node, ctx) {
    const parts = splitPhoneText(node.value);
    if (!parts.some((p) => p.href)) return;
    for (let p = ctx.parent(node) as Named | undefined; p; p = ctx.parent(p as never) as Named) {
      const tag = p.type === 'element' ? p.tagName : p.name;
      if (tag && SKIP.has(tag)) return;
      if (p.type === 'root') break;
    }
    ctx.replaceNode(
      node,
      parts.map((part) =>
        part.href
          ? {
              type: 'element' as const,
              tagName: 'a',
              properties: { href: part.href },
              children: [{ type: 'text' as const, value: part.text }],
            }
          : { type: 'text' as const, value: part.text },
      ),
    );
  },
};
