/**
 * 有奖举报 end to end: a citizen reports the same scam number without and with JavaScript, keeps
 * the receipt and checks the status; a moderator sees the two reports grouped, approves, and the
 * number is then flagged by /api/check and /api/lookup. Also: a tip-off written as HTML stays
 * text in the console, and axe passes on every page and state of the flow.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './helpers.ts';
import { E2E_MODERATOR, E2E_PASSWORD, E2E_SUPERVISOR } from './staff.ts';

// One story, in order: later steps use the reports and receipts of earlier ones.
// Several axe runs per test on two shared cores: more time than the default.
test.describe.configure({ mode: 'serial', timeout: 180_000 });

const SCAM_NUMBER = '17012345678';
const STORY = `有人用 ${SCAM_NUMBER} 打电话，自称快递客服，说包裹丢了要理赔，让我下载会议软件开屏幕共享。`;
const XSS = '<img src=x onerror=alert(1)>';

let receiptNoJs = '';

/** The receipt as shown: its groups joined with dashes. */
async function readReceipt(page: Page): Promise<string> {
  const text = (await page.locator('#receipt-code').innerText()).replace(/\s+/g, '');
  expect(text).toMatch(/^FZ(-[0-9A-Z]{4}){7}$/);
  return text;
}

/**
 * axe needs script in the page, which a javaScriptEnabled: false context refuses: so the page as
 * the no-JS browser got it is served again, at its own URL, to a scripted page whose island
 * bundles are blocked (so it stays exactly the no-JS markup).
 */
async function expectNoAxeViolationsWithoutJs(browser: Browser, page: Page, context: string) {
  const html = await page.content();
  const url = page.url();
  const ctx = await browser.newContext();
  const checker = await ctx.newPage();
  await checker.route('**/_astro/**/*.js', (r) => r.abort());
  await checker.route(url, (r) =>
    r.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }),
  );
  await checker.goto(url);
  await expectNoAxeViolations(checker, context);
  await ctx.close();
}

test('without JavaScript: the error page, then a report that gets a receipt, then its status', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/report/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('有奖举报');
  // Without JS the 110 panel is always there, beside the "lost money" box.
  await expect(page.getByRole('link', { name: '拨打 110 报警' }).first()).toHaveAttribute(
    'href',
    'tel:110',
  );
  await expectNoAxeViolationsWithoutJs(browser, page, '/report/ without JS');

  // Sent empty: the server answers with the same form, the summary on top and focused.
  await page.getByRole('button', { name: '提交举报' }).click();
  await expect(page).toHaveTitle(/^错误：有奖举报/);
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link', { name: '请选择举报类型' })).toHaveAttribute(
    'href',
    '#report-category-phone',
  );
  await expect(summary.getByRole('link', { name: '请勾选同意隐私政策' })).toHaveAttribute(
    'href',
    '#report-consent',
  );
  await expectNoAxeViolationsWithoutJs(browser, page, 'no-JS error page');

  await page.getByLabel('诈骗电话').check();
  await page.getByLabel('发生了什么？').fill(STORY);
  await page.getByLabel('对方的电话、网址、账号（选填）').fill(SCAM_NUMBER);
  await page.getByLabel('在哪个镇或街道？（选填）').selectOption('松林镇');
  await page.getByLabel(/我已阅读/).check();
  await page.getByRole('button', { name: '提交举报' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('举报已提交');
  receiptNoJs = await readReceipt(page);
  expect(page.url()).not.toContain(receiptNoJs.slice(3, 7));
  await expect(page.getByText('请把回执码抄在纸上')).toBeVisible();
  await expectNoAxeViolationsWithoutJs(browser, page, 'no-JS receipt page');

  // Typed back loosely: lowercase, spaces instead of dashes.
  await page.goto('/report/status/');
  await page.getByLabel('回执码').fill(receiptNoJs.toLowerCase().replace(/-/g, ' '));
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('heading', { name: /当前状态：\s*已收到/ })).toBeVisible();
  expect(page.url()).toMatch(/\/report\/status$/);
  await expectNoAxeViolationsWithoutJs(browser, page, 'no-JS status page');
  await context.close();
});

test('with JavaScript: errors in place, numbers found as you type, and a receipt to keep', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/report/');
  // Once the island runs, the 110 panel waits for the box.
  await expect(page.getByLabel('添加一个电话号码、网址或账号')).toBeVisible();
  await expect(page.getByText('已经被骗了？先拨打110报警！')).toHaveCount(0);
  await page.getByLabel('我已经被骗了钱').check();
  await expect(page.getByText('已经被骗了？先拨打110报警！')).toBeVisible();
  await page.getByLabel('我已经被骗了钱').uncheck();
  await expectNoAxeViolations(page, '/report/');

  await page.getByRole('button', { name: '提交举报' }).click();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(page).toHaveTitle(/^错误：/);
  await expectNoAxeViolations(page, '/report/ error state');
  await summary.getByRole('link', { name: /请描述发生了什么/ }).click();
  await expect(page.getByLabel('发生了什么？')).toBeFocused();

  await page.getByLabel('发生了什么？').fill(STORY);
  await expect(page.getByRole('button', { name: `删除 ${SCAM_NUMBER}` })).toBeVisible();
  await page.getByLabel('诈骗电话').check();
  await page.getByLabel(/我已阅读/).check();
  const [req] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith('/api/tipoffs') && r.method() === 'POST'),
    page.getByRole('button', { name: '提交举报' }).click(),
  ]);
  expect(req.postDataJSON()).toMatchObject({
    category: 'phone',
    entities: [{ kind: 'phone', value: SCAM_NUMBER }],
  });

  await expect(page.getByRole('heading', { name: '举报已提交' })).toBeFocused();
  const receipt = await readReceipt(page);
  expect(page.url()).toMatch(/\/report\/$/);
  await expectNoAxeViolations(page, 'receipt');

  await page.getByRole('button', { name: '复制回执码' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已复制回执码' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(receipt);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '保存为图片' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.png$/);

  await page.goto('/report/status/');
  await expectNoAxeViolations(page, '/report/status/');
  await page.getByLabel('回执码').fill(receipt.toLowerCase());
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('heading', { name: /当前状态：\s*已收到/ })).toBeFocused();
  await expect(page.getByLabel('要补充的情况')).toBeVisible();
  await expectNoAxeViolations(page, '/report/status/ result');
});

test('a moderator sees the two reports grouped first, approves, and the number is flagged', async ({
  page,
  request,
}) => {
  // A third tip-off, written as HTML: it must stay text in the console.
  const xss = await request.post('/api/tipoffs', {
    data: { category: 'other', description: `${XSS} 这是一条测试举报`, consent: true },
  });
  expect(xss.status()).toBe(201);

  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });

  await page.goto('/admin/');
  await expect(page.getByRole('heading', { name: '工作人员登录' })).toBeVisible();
  await expectNoAxeViolations(page, '/admin/ login');
  await page.getByLabel('用户名').fill(E2E_MODERATOR);
  await page.getByLabel('密码').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();

  const queue = page.getByRole('list', { name: /举报列表/ });
  await expect(queue).toBeVisible();
  await expect(page.getByRole('heading', { name: '待审举报' })).toBeFocused();
  const first = queue.getByRole('listitem').first();
  await expect(first).toContainText('2 人举报');
  await expect(first).toContainText('诈骗电话');
  // The queue shows numbers masked (it may list the citizen's own); the case view, audited, in full.
  await expect(first.locator('.chip')).toContainText(['170****5678']);
  await expect(queue).not.toContainText(SCAM_NUMBER);
  await expectNoAxeViolations(page, '/admin/ queue');

  await first.getByRole('button', { name: '诈骗电话' }).click();
  await expect(page.getByRole('heading', { name: '举报详情：诈骗电话' })).toBeFocused();
  await expect(page.locator('.admin-chips')).toContainText(SCAM_NUMBER);
  await expect(page.getByLabel('号码、网址或名称').first()).toHaveValue(SCAM_NUMBER);
  await expectNoAxeViolations(page, '/admin/ case');
  await page.getByRole('button', { name: '采纳', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '已采纳' })).toContainText(
    '1 条已上曝光台',
  );

  const check = await request.post('/api/check', {
    data: { text: `刚才 ${SCAM_NUMBER} 打来电话说我的快递丢了要理赔` },
  });
  expect(check.ok()).toBe(true);
  expect(((await check.json()) as { level: string }).level).toBe('高风险');
  const lookup = await request.get(`/api/lookup?q=${SCAM_NUMBER}`);
  expect(((await lookup.json()) as { listed: boolean }).listed).toBe(true);

  // The HTML tip-off: shown as its literal text, no element made from it, no dialog.
  await page.getByRole('button', { name: '返回列表' }).first().click();
  await page.getByRole('button', { name: '其他' }).first().click();
  await expect(page.getByRole('heading', { name: '举报详情：其他' })).toBeVisible();
  await expect(page.getByText(XSS)).toBeVisible();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toBe(0);

  // The approved number is on the public exposure board, beside the official notices.
  await page.goto('/exposure/');
  await expect(page.getByRole('region', { name: /最新核实的群众举报/ })).toContainText(SCAM_NUMBER);
  await expectNoAxeViolations(page, '/exposure/ with an approved tip-off');
});

test('a supervisor reveals the contact for a reward, records it, and the citizen sees 奖励待领取', async ({
  page,
  request,
}) => {
  const phone = '13800001111';
  const res = await request.post('/api/tipoffs', {
    data: {
      category: 'den',
      description: '我们村东头有几个外地人租了房子，整天打电话，像是诈骗窝点。',
      contact: { name: '李', phone },
      consent: true,
    },
  });
  expect(res.status()).toBe(201);
  const { receipt } = (await res.json()) as { receipt: string };

  await page.goto('/admin/');
  await page.getByLabel('用户名').fill(E2E_SUPERVISOR);
  await page.getByLabel('密码').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  const queue = page.getByRole('list', { name: /举报列表/ });
  await expect(queue).toBeVisible();
  // The list shows the contact masked; the full number appears only when asked for, and is audited.
  await expect(page.getByText(phone)).toHaveCount(0);
  await queue.getByRole('button', { name: '诈骗窝点/人员' }).first().click();
  await expect(page.getByRole('heading', { name: '举报详情：诈骗窝点/人员' })).toBeVisible();
  await expect(page.getByText(phone)).toHaveCount(0);
  await page.getByRole('button', { name: '查看联系方式' }).click();
  await expect(page.getByText(phone)).toBeVisible();

  // Rewards are for accepted leads: accept it first (a den has nothing to put on the board).
  await page.getByRole('button', { name: '采纳', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '已采纳' })).toBeVisible();
  await page.getByLabel('奖励状态').selectOption('reward-pending');
  await page.getByLabel('金额（元，选填）').fill('500');
  await page.getByRole('button', { name: '保存奖励' }).click();
  await expect(page.getByText('奖励已保存。')).toBeVisible();
  await expectNoAxeViolations(page, '/admin/ case as supervisor');

  const status = await request.post('/api/tipoffs/status', { data: { receipt } });
  expect(status.ok()).toBe(true);
  expect(((await status.json()) as { statusLabel: string }).statusLabel).toBe('奖励待领取');

  await page.getByRole('button', { name: '操作日志' }).click();
  await expect(page.getByRole('heading', { name: '操作日志' })).toBeVisible();
  await expect(page.locator('main')).toContainText(E2E_SUPERVISOR);
  await expectNoAxeViolations(page, '/admin/ audit log');
});
