/**
 * Makes the built site quick on a slow phone network. `delivery()`: pages name the exact version
 * of each unhashed file they use (`?v=`, so it may be cached for good) and start downloading their
 * islands' code, and what a page asks for at once (the checker's engine and knowledge), while the
 * HTML is still being read; what each page preloads is also what a service worker should
 * precache. `compressedCopies()`, listed last: Brotli and gzip copies of every text file, which
 * functions/static-files.ts sends by Accept-Encoding.
 */
import type { AstroIntegration } from 'astro';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { assetVersion, ENCODED_SUFFIXES } from '../../functions/static-files.ts';

export interface PagePreload {
  /** Source modules (from the project root) that the page imports on demand, e.g. the engine. */
  modules?: string[];
  /** Same-origin URLs the page fetches as soon as it runs (with default credentials). */
  fetch?: string[];
}

export interface DeliveryOptions {
  /** Per page path (`/check/`): what to preload besides its `client:load` islands. */
  preload?: Record<string, PagePreload>;
}

/** Text files worth compressing; images (PNG) and fonts are compressed already. */
const TEXT_FILE = /\.(html|css|js|mjs|json|xml|svg|txt|webmanifest|csv|map)$/;
/** Unhashed files referenced from pages, which get `?v=` with their content hash. */
const VERSIONED_REF =
  /(\s(?:href|src)=")(\/(?!_astro\/)[^"?#]+\.(?:css|js|svg|png|ico|webp|jpg))"/g;

/** Modules every island loads: bundled together into one `runtime` chunk. */
const ISLAND_RUNTIME =
  /node_modules[\\/](preact|@astrojs[\\/]preact)[\\/]|site[\\/](i18n[\\/]|lib[\\/](urls|taxonomy)\.ts)/;

/** A client chunk as the bundler emitted it: its file and the chunks it imports statically. */
interface Chunk {
  file: string;
  imports: string[];
}

async function* files(dir: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else yield p;
  }
}

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Writes `.br` and `.gz` copies beside a file when they are smaller; returns bytes as plain/br. */
export async function compressFile(path: string): Promise<[number, number]> {
  const plain = await readFile(path);
  const [b, g] = await Promise.all([
    brotli(plain, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
      },
    }),
    gz(plain, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  if (b.length < plain.length) await writeFile(path + ENCODED_SUFFIXES.br, b);
  if (g.length < plain.length) await writeFile(path + ENCODED_SUFFIXES.gzip, g);
  return [plain.length, Math.min(b.length, plain.length)];
}

/** Every chunk a module needs before it runs (its static imports, transitively), itself first. */
function staticGraph(
  chunks: Map<string, Chunk>,
  file: string,
  out = new Set<string>(),
): Set<string> {
  if (out.has(file)) return out;
  out.add(file);
  for (const dep of chunks.get(file)?.imports ?? []) staticGraph(chunks, dep, out);
  return out;
}

/** The `<link>` tags that start a page's code and data with its HTML. */
export function preloadLinks(
  html: string,
  chunks: Map<string, Chunk>,
  bySource: Map<string, string>,
  extra: PagePreload = {},
): string[] {
  const modules = new Set<string>();
  // Islands that hydrate at load (not visible/idle): their renderer, component and imports.
  for (const m of html.matchAll(/<astro-island\b[^>]*>/g)) {
    const tag = m[0];
    if (!/\sclient="load"/.test(tag)) continue;
    for (const attr of ['renderer-url', 'component-url', 'before-hydration-url']) {
      const url = new RegExp(`\\s${attr}="/([^"]+)"`).exec(tag)?.[1];
      if (url) staticGraph(chunks, url, modules);
    }
  }
  for (const source of extra.modules ?? []) {
    const file = bySource.get(source);
    if (!file)
      throw new Error(`delivery: no client chunk for ${source} (is it imported on demand?)`);
    staticGraph(chunks, file, modules);
  }
  return [
    ...[...modules].map((f) => `<link rel="modulepreload" href="/${f}">`),
    // `crossorigin` (anonymous, same-origin credentials) is what fetch() sends by default, so the
    // page's own fetch() takes this download instead of starting a second one.
    ...(extra.fetch ?? []).map((u) => `<link rel="preload" href="${u}" as="fetch" crossorigin>`),
  ];
}

export default function delivery(options: DeliveryOptions = {}): AstroIntegration {
  const chunks = new Map<string, Chunk>();
  const bySource = new Map<string, string>();
  let root = '';
  return {
    name: 'fanzha-delivery',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        root = fileURLToPath(config.root);
        updateConfig({
          vite: {
            environments: {
              client: {
                build: {
                  rolldownOptions: {
                    output: {
                      // What every island needs (Preact, Astro's renderer, the UI strings, the
                      // tiny URL and taxonomy helpers) as one file, not six: on a slow link each
                      // request costs a round trip and ~0.4 KB of headers.
                      codeSplitting: { groups: [{ name: 'runtime', test: ISLAND_RUNTIME }] },
                    },
                  },
                },
              },
            },
            plugins: [
              {
                name: 'fanzha-delivery-chunks',
                // The browser bundle's chunk graph, so preloads name the hashed files exactly.
                generateBundle(_options, bundle) {
                  if (this.environment?.name !== 'client') return;
                  for (const out of Object.values(bundle)) {
                    if (out.type !== 'chunk') continue;
                    chunks.set(out.fileName, { file: out.fileName, imports: out.imports });
                    if (out.facadeModuleId) {
                      const source = relative(root, out.facadeModuleId).split(sep).join('/');
                      bySource.set(source, out.fileName);
                    }
                  }
                },
              },
            ],
          },
        });
      },
      'astro:build:done': async ({ dir }) => {
        const out = fileURLToPath(dir);
        const versions = new Map<string, string>();
        const versionOf = async (url: string) => {
          const path = resolve(out, '.' + url);
          if (!path.startsWith(out) || !existsSync(path)) return null;
          if (!versions.has(url)) versions.set(url, assetVersion(await readFile(path)));
          return versions.get(url)!;
        };
        for await (const path of files(out)) {
          if (!path.endsWith('.html')) continue;
          let html = await readFile(path, 'utf8');
          for (const [ref, pre, url] of [...html.matchAll(VERSIONED_REF)]) {
            const v = await versionOf(url!);
            if (v) html = html.replace(ref, `${pre}${url}?v=${v}"`);
          }
          const page =
            '/' +
            relative(out, path)
              .split(sep)
              .join('/')
              .replace(/index\.html$/, '');
          const links = preloadLinks(html, chunks, bySource, options.preload?.[page]);
          if (links.length) html = html.replace('</head>', `${links.join('')}</head>`);
          await writeFile(path, html);
        }
      },
    },
  };
}

/**
 * Brotli and gzip copies of every text file in dist/. List it LAST among the integrations, so
 * what the others write (pages, a service worker and its precache list) is compressed too.
 */
export function compressedCopies(): AstroIntegration {
  return {
    name: 'fanzha-compressed-copies',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const text: string[] = [];
        for await (const path of files(out)) if (TEXT_FILE.test(path)) text.push(path);
        let plain = 0;
        let brotliBytes = 0;
        // A few at a time: zlib works on libuv's thread pool.
        const queue = [...text];
        const worker = async () => {
          for (let path = queue.pop(); path; path = queue.pop()) {
            if ((await stat(path)).size === 0) continue;
            const [p, b] = await compressFile(path);
            plain += p;
            brotliBytes += b;
          }
        };
        await Promise.all([worker(), worker(), worker()]);
        logger.info(
          `compressed: ${(plain / 1024).toFixed(0)} KB of text → ${(brotliBytes / 1024).toFixed(0)} KB Brotli (+ gzip)`,
        );
      },
    },
  };
}
