/**
 * After the build, hashes every inline <script> and <style> Astro emitted (island bootstrap, etc.)
 * so the server's Content-Security-Policy can allow exactly those and nothing else inline.
 * Writes dist/_csp.json (read by functions/node.ts) and dist/_headers (static hosts such as
 * Cloudflare Pages apply it as-is).
 */
import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCsp } from '../../functions/middleware/security-headers.ts';

async function* htmlFiles(dir: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* htmlFiles(p);
    else if (e.name.endsWith('.html')) yield p;
  }
}

const sha256 = (s: string) => `sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}`;

/** Collects the hashes of inline scripts and styles in one HTML document. */
export function inlineHashes(html: string): { scripts: string[]; styles: string[] } {
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1] ?? '';
    // JSON data blocks are not executed, so CSP does not apply to them.
    if (/type=["']?application\/(ld\+)?json/i.test(attrs)) continue;
    if (m[2]) scripts.push(sha256(m[2]));
  }
  for (const m of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)) if (m[1]) styles.push(sha256(m[1]));
  return { scripts, styles };
}

export default function cspIntegration(): AstroIntegration {
  return {
    name: 'fanzha-csp',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const scripts = new Set<string>();
        const styles = new Set<string>();
        for await (const f of htmlFiles(root)) {
          const h = inlineHashes(await readFile(f, 'utf8'));
          h.scripts.forEach((x) => scripts.add(x));
          h.styles.forEach((x) => styles.add(x));
        }
        const hashes = { scripts: [...scripts].sort(), styles: [...styles].sort() };
        await writeFile(join(root, '_csp.json'), JSON.stringify(hashes, null, 2));
        const headers = [
          '/*',
          `  Content-Security-Policy: ${buildCsp(hashes)}`,
          '  X-Content-Type-Options: nosniff',
          '  Referrer-Policy: strict-origin-when-cross-origin',
          '  X-Frame-Options: DENY',
          '/_astro/*',
          '  Cache-Control: public, max-age=31536000, immutable',
          '',
        ].join('\n');
        await writeFile(join(root, '_headers'), headers);
        logger.info(`CSP: ${hashes.scripts.length} inline script hash(es), ${hashes.styles.length} inline style hash(es)`);
      },
    },
  };
}
