/**
 * The build's delivery step: which chunks a page starts with its HTML, and the compressed copies.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { compressFile, preloadLinks } from './delivery.ts';

const chunks = new Map(
  [
    { file: '_astro/client.A.js', imports: ['_astro/runtime.B.js'] },
    { file: '_astro/runtime.B.js', imports: [] },
    { file: '_astro/Checker.C.js', imports: ['_astro/runtime.B.js'] },
    { file: '_astro/Lazy.D.js', imports: ['_astro/runtime.B.js', '_astro/big.E.js'] },
    { file: '_astro/big.E.js', imports: [] },
    { file: '_astro/analyze.F.js', imports: ['_astro/entities.G.js'] },
    { file: '_astro/entities.G.js', imports: [] },
    { file: '_astro/answers.H.js', imports: [] },
  ].map((c) => [c.file, c]),
);
const bySource = new Map([['bot/analyze.ts', '_astro/analyze.F.js']]);

const island = (component: string, client: string) =>
  `<astro-island uid="x" component-url="/${component}" renderer-url="/_astro/client.A.js" ssr client="${client}">`;

describe('preload links', () => {
  test('a client:load island starts its renderer, its chunk and their imports with the HTML', () => {
    const html = `<head></head><body>${island('_astro/Checker.C.js', 'load')}</body>`;
    expect(preloadLinks(html, chunks, bySource)).toEqual([
      '<link rel="modulepreload" href="/_astro/client.A.js">',
      '<link rel="modulepreload" href="/_astro/runtime.B.js">',
      '<link rel="modulepreload" href="/_astro/Checker.C.js">',
    ]);
  });

  test('islands that wait until visible or idle are not preloaded', () => {
    const html = `${island('_astro/Lazy.D.js', 'visible')}${island('_astro/Lazy.D.js', 'idle')}`;
    expect(preloadLinks(html, chunks, bySource)).toEqual([]);
  });

  test('a page’s on-demand engine and its data start too; nothing else the island loads later', () => {
    const links = preloadLinks(island('_astro/Checker.C.js', 'load'), chunks, bySource, {
      modules: ['bot/analyze.ts'],
      fetch: ['/bot-knowledge.json'],
    });
    expect(links).toContain('<link rel="modulepreload" href="/_astro/analyze.F.js">');
    expect(links).toContain('<link rel="modulepreload" href="/_astro/entities.G.js">');
    // Same credentials mode as a plain fetch(), or the browser downloads it twice.
    expect(links).toContain(
      '<link rel="preload" href="/bot-knowledge.json" as="fetch" crossorigin>',
    );
    expect(links.join('')).not.toContain('answers.H.js');
  });

  test('a module that is not a client chunk fails the build instead of preloading nothing', () => {
    expect(() => preloadLinks('', chunks, bySource, { modules: ['bot/nothing.ts'] })).toThrow(
      /bot\/nothing\.ts/,
    );
  });
});

describe('compressed copies', () => {
  test('writes Brotli and gzip copies that decode to the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fanzha-delivery-'));
    try {
      const path = join(dir, 'page.html');
      const text = `<p>${'已经转账了？立即拨打 110。'.repeat(100)}</p>`;
      writeFileSync(path, text);
      const [plain, br] = await compressFile(path);
      expect(br).toBeLessThan(plain / 5);
      expect(brotliDecompressSync(readFileSync(`${path}.br`)).toString()).toBe(text);
      expect(gunzipSync(readFileSync(`${path}.gz`)).toString()).toBe(text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('writes no copy that would be larger than the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fanzha-delivery-'));
    try {
      const path = join(dir, 'tiny.js');
      writeFileSync(path, 'x');
      await compressFile(path);
      expect(existsSync(`${path}.br`) || existsSync(`${path}.gz`)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
