import { describe, expect, test } from 'vitest';
import { postJson, tipoffAppPerTest, VALID_TIPOFF } from '../tests/fixtures/tipoff-app.ts';

const setup = tipoffAppPerTest();

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

function form(fields: Record<string, string>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  // An untouched file input still sends one empty, nameless part.
  fd.append('screenshots', new Blob([]), '');
  return fd;
}

const VALID_FORM = {
  category: 'phone',
  description: '有人冒充公安打电话，说我涉嫌洗钱，要我转到安全账户。',
  entities: '17012345678\nhttp://scam.example.cn',
  district: '松林镇',
  'contact.name': '王小明',
  'contact.phone': '139 1234 5678',
  consent: 'on',
};

const receiptIn = (html: string) => {
  const groups = [...html.matchAll(/<span class="receipt-group">([0-9A-Z]+)/g)].map((m) => m[1]);
  return groups.join('-');
};

describe('POST /report/submit (no-JS form)', () => {
  test('answers a valid multipart form with a receipt page that is never cached', async () => {
    const { app } = await setup();
    const res = await app.request('/report/submit', {
      method: 'POST',
      body: form(VALID_FORM),
      headers: SAME_ORIGIN,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<title>举报已提交');
    const receipt = receiptIn(html);
    expect(receipt).toMatch(/^FZ(-[0-9A-Z]{4}){7}$/);
    // The receipt works for the JSON status look-up too.
    const status = await postJson(app, '/api/tipoffs/status', { receipt });
    expect(await status.json()).toMatchObject({ status: 'received' });
  });

  test('re-renders the form with the values and a linked error summary on invalid input', async () => {
    const { app } = await setup();
    const res = await app.request('/report/submit', {
      method: 'POST',
      body: new URLSearchParams({
        description: '太短',
        entities: '<img src=x onerror=alert(1)>',
        'contact.phone': '123',
      }),
      headers: SAME_ORIGIN,
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<title>错误：有奖举报/);
    expect(html).toContain('class="error-summary"');
    expect(html).toContain('href="#report-category-phone"');
    expect(html).toContain('href="#report-description"');
    expect(html).toContain('href="#report-contact-phone"');
    expect(html).toContain('href="#report-consent"');
    // What the citizen typed comes back escaped, never as markup.
    expect(html).toContain('&lt;img src=x onerror=alert(1)>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('value="123"');
  });

  test('refuses a cross-site form post', async () => {
    const { app } = await setup();
    const res = await app.request('/report/submit', {
      method: 'POST',
      body: form(VALID_FORM),
      headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('安全检查');
  });

  test('refuses a chunked body over 16 MB with an HTML page', async () => {
    const { app } = await setup();
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ >= 17) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await app.request('/report/submit', {
      method: 'POST',
      body,
      headers: {
        ...SAME_ORIGIN,
        'content-type': 'multipart/form-data; boundary=x',
        'transfer-encoding': 'chunked',
      },
      // @ts-expect-error: Node's fetch needs duplex for a streamed body.
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('text/html');
  });
});

describe('POST /report/status and /report/add-info (no-JS)', () => {
  test('shows the status for a code typed with spaces and lowercase, then takes more information', async () => {
    const { app } = await setup();
    const created = await postJson(app, '/api/tipoffs', VALID_TIPOFF);
    const { receipt } = (await created.json()) as { receipt: string };
    const typed = receipt.toLowerCase().replace(/-/g, ' ');
    const res = await app.request('/report/status', {
      method: 'POST',
      body: new URLSearchParams({ receipt: typed }),
      headers: SAME_ORIGIN,
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('已收到');
    expect(html).toContain('action="/report/add-info"');

    const add = await app.request('/report/add-info', {
      method: 'POST',
      body: form({ receipt, text: '对方又用另一个号码打来了。' }),
      headers: SAME_ORIGIN,
    });
    expect(add.status).toBe(200);
    expect(await add.text()).toContain('补充材料已收到');
  });

  test('says plainly when a code matches nothing', async () => {
    const { app } = await setup();
    const res = await app.request('/report/status', {
      method: 'POST',
      body: new URLSearchParams({ receipt: 'FZ-0000-0000-0000-0000-0000-0000-0000' }),
      headers: SAME_ORIGIN,
    });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toMatch(/<title>错误：查询举报进度/);
    expect(html).toContain('href="#status-receipt"');
  });
});
