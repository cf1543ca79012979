/**
 * The /check/ page as a resident uses it: paste, tap 帮我看看, read the result; the engine runs in
 * the browser, so no request carries the message.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, recordSpeech, usePreferences } from './helpers.ts';

const POLICE_SCAM =
  '【市公安局】您好，这里是市公安局刑侦支队。您的身份证涉嫌一起洗钱案件，名下账户马上要被冻结。' +
  '为证明您的清白，请把资金转入我们指定的安全账户配合资金清查，此案保密，不要告诉家人。';
const FAMILY = '妈，我今天加班，晚上七点左右到家，不用等我吃饭了。';

/** Records every request body, to prove the checked message never leaves the phone. */
function watchRequests(page: Page) {
  const bodies: string[] = [];
  page.on('request', (r) => bodies.push(`${r.url()} ${r.postData() ?? ''}`));
  return bodies;
}

async function check(page: Page, text: string) {
  await page.getByLabel('把收到的短信、聊天消息粘贴到这里').fill(text);
  await page.getByRole('button', { name: '帮我看看' }).click();
  return page.locator('#check-result');
}

// A speech engine that records what it was asked to say (headless Chromium has no voices).
test.beforeEach(async ({ page }) => recordSpeech(page));

test('a 冒充公检法 message is 高风险, with 安全账户 highlighted and the pattern linked', async ({
  page,
}) => {
  const requests = watchRequests(page);
  await page.goto('/check/');
  await expect(page.getByText('检查在您的手机上完成，消息不会发送出去')).toBeVisible();
  const result = await check(page, POLICE_SCAM);

  await expect(result.getByRole('heading', { level: 2 })).toContainText('高风险');
  await expect(result).toBeFocused();
  await expect(result.locator('mark', { hasText: '安全账户' }).first()).toBeVisible();
  const pattern = result.getByRole('link', { name: /冒充公检法/ }).first();
  await expect(pattern).toHaveAttribute('href', /^\/patterns\/[a-z0-9-]+\/$/);
  // The message went nowhere.
  for (const r of requests) expect(r).not.toContain('安全账户');
  expect(requests.join('\n')).not.toContain(encodeURIComponent('安全账户'));
});

test('text typed before the page comes alive is kept (6× slower CPU, slow 3G)', async ({ page }) => {
  // A cheap phone on a weak signal: the person pastes before the checker's code has arrived.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 400,
    downloadThroughput: (400 * 1024) / 8,
    uploadThroughput: (400 * 1024) / 8,
  });
  // Hold the page's scripts until the person has typed, so typing certainly comes first.
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/_astro/**/*.js', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/check/', { waitUntil: 'domcontentloaded' });
  const box = page.getByLabel('把收到的短信、聊天消息粘贴到这里');
  await box.fill(POLICE_SCAM);
  await page.getByLabel('我已经转账了').check();
  release();

  const button = page.getByRole('button', { name: '帮我看看' });
  await expect(button).toBeEnabled({ timeout: 60_000 });
  await expect(box).toHaveValue(POLICE_SCAM);
  await expect(page.getByLabel('我已经转账了')).toBeChecked();
  await button.click();
  const result = page.locator('#check-result');
  await expect(result.getByRole('heading', { level: 2 })).toContainText('高风险', {
    timeout: 60_000,
  });
  await expect(result).toContainText('请马上拨打 110 报警');
});

test('a normal family message is not 高风险', async ({ page }) => {
  await page.goto('/check/');
  const result = await check(page, FAMILY);
  const heading = result.getByRole('heading', { level: 2 });
  await expect(heading).toContainText('检查结果');
  await expect(heading).not.toContainText('高风险');
});

test('an example message fills the box', async ({ page }) => {
  await page.goto('/check/');
  await page.getByRole('button', { name: '例子：冒充公安' }).click();
  await expect(page.getByLabel('把收到的短信、聊天消息粘贴到这里')).toHaveValue(/安全账户/);
});

test('an empty box says what to do, beside the field', async ({ page }) => {
  await page.goto('/check/');
  await page.getByRole('button', { name: '帮我看看' }).click();
  await expect(page.getByRole('alert')).toContainText('请先把收到的消息粘贴到上面的框里');
  await expect(page.getByLabel('把收到的短信、聊天消息粘贴到这里')).toBeFocused();
});

test('朗读 reads the result aloud in Chinese', async ({ page }) => {
  await page.goto('/check/');
  const result = await check(page, POLICE_SCAM);
  await result.getByRole('button', { name: /朗读/ }).click();
  const spoken = await page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);
  expect(spoken).toHaveLength(1);
  expect(spoken[0]).toMatch(/^zh-CN\|/);
  expect(spoken[0]).toContain('高风险');
});

test('96110 and 110 are one tap away as tel: links', async ({ page }) => {
  await page.goto('/check/');
  const result = await check(page, POLICE_SCAM);
  await expect(result.getByRole('link', { name: /96110/ })).toHaveAttribute('href', 'tel:96110');
  await expect(result.getByRole('link', { name: /110 报警/ })).toHaveAttribute('href', 'tel:110');
});

test('举报这条 carries the message to /report/ without putting it in the URL', async ({ page }) => {
  await page.goto('/check/');
  const result = await check(page, POLICE_SCAM);
  await result.getByRole('link', { name: '举报这条' }).click();
  await expect(page).toHaveURL(/\/report\/$/);
  expect(page.url()).not.toContain('%');
  await expect(page.getByLabel('发生了什么？')).toHaveValue(POLICE_SCAM);
  // Read once, then gone: a later visitor on a shared phone doesn't see it.
  expect(await page.evaluate(() => sessionStorage.getItem('fanzha:report-draft'))).toBeNull();
});

test('with an LLM set up, a follow-up goes to /api/chat with the level, not the message', async ({ page }) => {
  await page.route('/api/health', (r) => r.fulfill({ json: { ok: true, version: 't', llm: true } }));
  await page.goto('/check/');
  const result = await check(page, POLICE_SCAM);
  await expect(result).toBeFocused();
  const [req] = await Promise.all([
    page.waitForRequest('**/api/chat'),
    page.getByRole('button', { name: '我已经转账了怎么办？' }).click(),
  ]);
  const body = req.postDataJSON() as {
    messages: { content: string }[];
    context: { level: string };
  };
  expect(body.context.level).toBe('高风险');
  expect(JSON.stringify(body)).not.toContain('安全账户');
  await expect(page.getByRole('log')).toContainText('110');
});

test('keyboard only: paste, check, and land on the result', async ({ page }) => {
  await page.goto('/check/');
  await expect(page.getByRole('button', { name: '帮我看看' })).toBeEnabled();
  await page.getByLabel('把收到的短信、聊天消息粘贴到这里').focus();
  await page.keyboard.insertText(POLICE_SCAM);
  await page.keyboard.press('Tab'); // 我已经转账了
  await page.keyboard.press('Space');
  await expect(page.getByLabel('我已经转账了')).toBeChecked();
  await page.keyboard.press('Tab'); // 帮我看看
  await page.keyboard.press('Enter');
  const result = page.locator('#check-result');
  await expect(result).toBeFocused();
  await expect(result).toContainText('马上拨打 110');
});

test('text is at least 18 px and buttons at least 44 px tall', async ({ page }) => {
  await page.goto('/check/');
  await check(page, POLICE_SCAM);
  const sizes = await page.evaluate(() => {
    const root = document.querySelector('.checker')!;
    const texts = [...root.querySelectorAll('p, li, label, textarea, button, a, mark')].map((el) =>
      parseFloat(getComputedStyle(el).fontSize),
    );
    const targets = [...root.querySelectorAll('button, a.btn, textarea')]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => el.getBoundingClientRect().height);
    return { minText: Math.min(...texts), minTarget: Math.min(...targets) };
  });
  expect(sizes.minText).toBeGreaterThanOrEqual(18);
  expect(sizes.minTarget).toBeGreaterThanOrEqual(44);
});

test('axe finds no WCAG 2.2 AA violations before and after a result', async ({ page }) => {
  await page.goto('/check/');
  await expectNoAxeViolations(page, 'on /check/ before a result');
  await check(page, POLICE_SCAM);
  await expect(page.locator('#check-result h2')).toBeVisible();
  await expectNoAxeViolations(page, 'on /check/ after a result');
  await page.getByRole('button', { name: '验证码能给吗？' }).click();
  await expect(page.getByRole('log')).toContainText('验证码不能给任何人');
  await expectNoAxeViolations(page, 'on /check/ after a chat answer');
});

test('axe finds no violations in high contrast with the largest text', async ({ page }) => {
  await usePreferences(page, { contrast: 'high', text: 3 });
  await page.goto('/check/');
  await check(page, FAMILY);
  await expect(page.locator('#check-result h2')).toBeVisible();
  await expectNoAxeViolations(page, 'on /check/ in high contrast');
  await check(page, POLICE_SCAM);
  await expect(page.locator('#check-result h2')).toContainText('高风险');
  await expectNoAxeViolations(page, 'on /check/ in high contrast, 高风险');
});

test('with an LLM set up, the message is sent for a deeper look only when the person asks', async ({
  page,
}) => {
  await page.route('/api/health', (r) => r.fulfill({ json: { ok: true, version: 't', llm: true } }));
  const sent: string[] = [];
  await page.route('/api/check', async (r) => {
    sent.push(r.request().postData() ?? '');
    await r.fulfill({
      json: {
        level: '高风险',
        score: 95,
        pattern: { slug: 'impersonating-police', title: '冒充公检法及政府机关诈骗' },
        signals: [],
        entities: { phones: [], urls: [], bankCards: [], accounts: [], amounts: [], apps: [], verificationCodeRequests: [] },
        advice: ['不要转账。'],
        source: 'engine+llm',
        explanation: '对方自称民警并要求转账到安全账户，这是典型的冒充公检法诈骗。',
      },
    });
  });
  await page.goto('/check/');
  const result = await check(page, POLICE_SCAM);
  await expect(result.getByRole('heading', { level: 2 })).toContainText('高风险');
  const ask = page.getByRole('button', { name: '请智能助手再看看' });
  await expect(ask).toBeVisible();
  await expect(page.getByText('这条消息会发送到本站服务器')).toBeVisible();
  expect(sent).toEqual([]);

  await ask.click();
  await expect(result.getByText('对方自称民警并要求转账到安全账户')).toBeVisible();
  expect(sent).toHaveLength(1);
  expect(JSON.parse(sent[0]!)).toMatchObject({ text: POLICE_SCAM, paid: false });
  await expect(ask).toBeHidden();
  await expectNoAxeViolations(page, '/check/ after the deeper look');
});

test('without an LLM, no deeper look is offered', async ({ page }) => {
  await page.goto('/check/');
  await check(page, FAMILY);
  await expect(page.locator('#check-result h2')).toBeVisible();
  await expect(page.getByRole('button', { name: '请智能助手再看看' })).toHaveCount(0);
});

test('a message pasted on the home page is checked on /check/ without passing through the URL', async ({
  page,
}) => {
  const requests = watchRequests(page);
  await page.goto('/');
  await page.getByLabel('把消息粘贴到这里').fill(POLICE_SCAM);
  await page.getByRole('button', { name: '帮我看看' }).click();
  await expect(page).toHaveURL(/\/check\/$/);
  const result = page.locator('#check-result');
  await expect(result.getByRole('heading', { level: 2 })).toContainText('高风险');
  await expect(page.getByLabel('把收到的短信、聊天消息粘贴到这里')).toHaveValue(POLICE_SCAM);
  for (const r of requests) expect(r).not.toContain('安全账户');
  expect(requests.join('\n')).not.toContain(encodeURIComponent('安全账户'));
  // Checked once: coming back to /check/ later starts empty.
  await page.goto('/check/');
  await expect(page.getByLabel('把收到的短信、聊天消息粘贴到这里')).toHaveValue('');
});
