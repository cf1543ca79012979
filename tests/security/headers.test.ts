/**
 * Issue 9, item 11: the app-wide security headers overwrote the ones a route set for itself, so an
 * attachment (a citizen's screenshot) was served with the site's CSP instead of `default-src 'none';
 * sandbox`, and the receipt pages of /report/ with a referrer policy that sends the URL on.
 */
import { describe, expect, test } from 'vitest';
import { tinyPng } from '../fixtures/images.ts';
import { staffAppPerTest } from './helpers.ts';

const staffApp = staffAppPerTest();

describe('security headers', () => {
  test('a route’s own CSP and referrer policy stand; a page still gets the site’s CSP', async () => {
    const t = await staffApp();
    const fd = new FormData();
    fd.append('category', 'phone');
    fd.append('description', '对方发来一张所谓的“通缉令”截图，要我配合调查。');
    fd.append('consent', 'on');
    fd.append('screenshots', new Blob([tinyPng() as Uint8Array<ArrayBuffer>]), 's.png');
    expect((await t.app.request('/api/tipoffs', { method: 'POST', body: fd })).status).toBe(201);
    const mod = await t.as('mod');
    const [row] = (await t.store.listQueue({ page: 1, pageSize: 1, now: new Date() })).items;
    const [a] = await t.store.listAttachments(row!.id);

    const attachment = await t.app.request(`/api/admin/tipoffs/${row!.id}/attachments/${a!.id}`, {
      headers: mod,
    });
    expect(attachment.status).toBe(200);
    expect(attachment.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(attachment.headers.get('x-content-type-options')).toBe('nosniff');

    const status = await t.app.request('/report/status', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: 'receipt=FZ-0000',
    });
    expect(status.headers.get('referrer-policy')).toBe('no-referrer');
    expect(status.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
