/**
 * Reads content/ straight from the files (outside Astro), for the search-quality test and tools.
 * Node-only; the site itself reads content through Astro's collections.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import type { ContentForSearch } from './documents.ts';
import { pageUrl } from '../lib/urls.ts';

function frontmatter(file: string): { data: Record<string, unknown>; body: string } {
  const src = readFileSync(file, 'utf8');
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(src);
  if (!m) return { data: {}, body: src };
  return { data: (parse(m[1]!) ?? {}) as Record<string, unknown>, body: m[2]! };
}

const list = (dir: string, ext: RegExp) =>
  readdirSync(dir)
    .filter((f) => ext.test(f))
    .sort();

/** Loads every collection from `root/content`, keyed like Astro's glob loader (slug or file name). */
export function readContentForSearch(root: string): ContentForSearch {
  const dir = (name: string) => join(root, 'content', name);
  const id = (f: string, data: Record<string, unknown>) =>
    typeof data.slug === 'string' ? data.slug : basename(f).replace(/\.[^.]+$/, '');
  const mdx = (name: string) =>
    list(dir(name), /\.mdx?$/).map((f) => {
      const { data, body } = frontmatter(join(dir(name), f));
      return { id: id(f, data), data, body };
    });
  return {
    patterns: mdx('patterns') as unknown as ContentForSearch['patterns'],
    alerts: mdx('alerts') as unknown as ContentForSearch['alerts'],
    notices: list(dir('notices'), /\.ya?ml$/).map((f) => ({
      id: basename(f).replace(/\.[^.]+$/, ''),
      data: parse(readFileSync(join(dir('notices'), f), 'utf8')),
    })) as ContentForSearch['notices'],
    pages: mdx('pages').map((p) => ({
      ...p,
      url: pageUrl(p.id),
    })) as unknown as ContentForSearch['pages'],
  };
}
