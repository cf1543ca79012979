/**
 * Page-weight budgets, checked on the built site (dist/): explainer, alert and notice pages ship no
 * JavaScript but the small theme/read-aloud script; no page's HTML+CSS+JS exceeds 40 KB gzip
 * (images and fetched data excluded); no web fonts.
 */
import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { walkFiles as walk } from './helpers.ts';

const DIST = 'dist';
const BUDGET = 40 * 1024;
const THEME_SCRIPT = '/theme.js';

const gz = (path: string) => gzipSync(readFileSync(path)).length;
const fileOf = (url: string) => join(DIST, url.split('?')[0]!);

/** Static imports of an ES module, resolved to site paths (dynamic imports load later, on demand). */
function moduleGraph(url: string, seen = new Set<string>()): Set<string> {
  if (seen.has(url) || !existsSync(fileOf(url))) return seen;
  seen.add(url);
  const src = readFileSync(fileOf(url), 'utf8');
  for (const m of src.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[^'"()]*?\sfrom\s*)?["']([^"']+\.js)["']/g)) {
    const spec = m[1]!;
    const next = spec.startsWith('/') ? spec : join(dirname(url), spec).replace(/\\/g, '/');
    moduleGraph(next, seen);
  }
  return seen;
}

interface PageWeight {
  page: string;
  html: number;
  css: number;
  js: number;
  scripts: string[];
}

function weigh(htmlPath: string): PageWeight {
  const html = readFileSync(htmlPath, 'utf8');
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
  const scripts = new Set<string>();
  // Without the build's ?v= content hash: the same file, whatever its version.
  for (const m of html.matchAll(/<script[^>]*\bsrc="([^"?]+)/g)) scripts.add(m[1]!);
  for (const m of html.matchAll(/(?:component-url|renderer-url|before-hydration-url)="([^"]+)"/g)) {
    if (m[1]) scripts.add(m[1]);
  }
  const modules = new Set<string>();
  for (const s of scripts) moduleGraph(s, modules);
  const inlineJs = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join('');
  return {
    page: '/' + relative(DIST, htmlPath).replace(/index\.html$/, ''),
    html: gzipSync(html).length,
    css: css.reduce((n, u) => n + gz(fileOf(u)), 0),
    js: [...modules].reduce((n, u) => n + gz(fileOf(u)), 0) + (inlineJs ? gzipSync(inlineJs).length : 0),
    scripts: [...scripts, ...(inlineJs.trim() ? ['(inline)'] : [])],
  };
}

test.describe('page weight', () => {
  test.skip(!existsSync(join(DIST, 'index.html')), 'needs the built site (npm run build)');
  const pages = () => walk(DIST).filter((p) => p.endsWith('.html'));

  test('explainer, alert and notice pages ship no JavaScript but the theme/read-aloud script', () => {
    const checked = pages().filter((p) => /[/\\](patterns|alerts|exposure)[/\\][^/\\]+[/\\]index\.html$/.test(p));
    expect(checked.length).toBeGreaterThan(20);
    for (const p of checked) {
      const w = weigh(p);
      expect(w.scripts, w.page).toEqual([THEME_SCRIPT]);
    }
    expect(gz(fileOf(THEME_SCRIPT))).toBeLessThan(2048);
  });

  test('no page exceeds 40 KB gzip of HTML, CSS and JavaScript', () => {
    const weights = pages().map(weigh);
    const over = weights.filter((w) => w.html + w.css + w.js > BUDGET);
    const heaviest = [...weights].sort((a, b) => b.html + b.css + b.js - (a.html + a.css + a.js))[0]!;
    console.log(
      `heaviest page: ${heaviest.page} html ${heaviest.html} B + css ${heaviest.css} B + js ${heaviest.js} B (gzip)`,
    );
    expect(over.map((w) => `${w.page}: ${w.html + w.css + w.js} B`)).toEqual([]);
  });

  test('no web fonts are shipped or referenced', () => {
    const files = walk(DIST);
    expect(files.filter((f) => /\.(woff2?|ttf|otf|eot)$/i.test(f))).toEqual([]);
    for (const f of files.filter((x) => x.endsWith('.css'))) {
      expect(readFileSync(f, 'utf8'), f).not.toMatch(/@font-face/i);
    }
  });
});
