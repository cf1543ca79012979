/**
 * The Node adapter's static files, on a small built site in a temp dir: the build's Brotli/gzip
 * copies by Accept-Encoding, strong ETags answered with 304, Cache-Control by class.
 */
import { Hono } from 'hono';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assetVersion, siteFiles } from './static-files.ts';

const PAGE = `<!doctype html><title>查一查</title><p>${'把消息粘贴进来。'.repeat(200)}</p>`;
const SCRIPT = `console.log(${JSON.stringify('朗读'.repeat(300))});`;
let dir = '';

function write(rel: string, text: string) {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  writeFileSync(`${path}.br`, brotliCompressSync(text));
  writeFileSync(`${path}.gz`, gzipSync(text));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fanzha-static-'));
  write('check/index.html', PAGE);
  write('admin/index.html', PAGE);
  write('theme.js', SCRIPT);
  write('_astro/Checker.AbC123.js', SCRIPT);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const app = () => new Hono().use('*', siteFiles(dir));
const get = (path: string, headers: Record<string, string> = {}) =>
  app().request(path, { headers });

describe('static files', () => {
  test('sends the Brotli copy, the gzip copy or the file itself, as the client asks', async () => {
    const br = await get('/check/', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers.get('Content-Encoding')).toBe('br');
    expect(Buffer.from(await br.arrayBuffer())).toEqual(brotliCompressSync(PAGE));
    const gz = await get('/check/', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers.get('Content-Encoding')).toBe('gzip');
    const plain = await get('/check/');
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(await plain.text()).toBe(PAGE);
    for (const res of [br, gz, plain]) expect(res.headers.get('Vary')).toBe('Accept-Encoding');
  });

  test('a page has a strong ETag per encoding and no-cache; a matching If-None-Match gets 304', async () => {
    const br = await get('/check/', { 'Accept-Encoding': 'br' });
    const plain = await get('/check/');
    const etag = br.headers.get('ETag')!;
    expect(etag).toMatch(/^"[\w-]{20,}"$/);
    expect(plain.headers.get('ETag')).not.toBe(etag);
    expect(br.headers.get('Cache-Control')).toBe('no-cache');
    expect(br.headers.get('Last-Modified')).toBeNull();

    const again = await get('/check/', { 'Accept-Encoding': 'br', 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('ETag')).toBe(etag);
    expect(again.headers.get('Cache-Control')).toBe('no-cache');
    expect(again.headers.get('Vary')).toBe('Accept-Encoding');
    const changed = await get('/check/', { 'Accept-Encoding': 'br', 'If-None-Match': '"old"' });
    expect(changed.status).toBe(200);
  });

  test('hashed build files and ?v= with the file’s own hash are immutable', async () => {
    const hashed = await get('/_astro/Checker.AbC123.js');
    expect(hashed.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    const v = assetVersion(Buffer.from(SCRIPT));
    const versioned = await get(`/theme.js?v=${v}`);
    expect(versioned.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
  });

  test('a stale or missing ?v= is asked about each time, so an old page never pins new code', async () => {
    for (const path of ['/theme.js?v=stale000000', '/theme.js']) {
      const res = await get(path);
      expect(res.headers.get('Cache-Control'), path).toBe('no-cache');
      expect(res.headers.get('ETag'), path).toBeTruthy();
    }
  });

  test('staff pages are never stored, and carry no validator', async () => {
    const res = await get('/admin/', { 'Accept-Encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('ETag')).toBeNull();
  });

  test('a path outside the site falls through to the app', async () => {
    const res = await get('/nope/');
    expect(res.status).toBe(404);
  });
});
