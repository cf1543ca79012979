/**
 * Questions on /check/ and the 常见问题 page, as a resident uses them: the chat answers in the
 * browser from the site's content (the same answer /api/chat gives without an LLM), loads its
 * answers only when used, takes a question typed in the message box, and reads answers aloud.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, recordSpeech, spoken, usePreferences } from './helpers.ts';

const flat = (s: string) => s.replace(/\s+/g, '');

/** Asks in the chat box and returns the newest answer's text. */
async function askChat(page: Page, question: string) {
  // The send button answers once the page's code has loaded.
  await expect(page.getByRole('button', { name: '帮我看看' })).toBeEnabled();
  const before = await page.locator('.chat-assistant').count();
  await page.getByLabel('您的问题').fill(question);
  await page.getByRole('button', { name: '发送' }).click();
  const answer = page.locator('.chat-assistant').nth(before);
  await expect(answer).toBeVisible();
  return answer;
}

/** The answer /api/chat gives for the same conversation. */
async function apiReply(page: Page, turns: string[]) {
  const messages: { role: 'user' | 'assistant'; content: string }[] = [];
  let reply = '';
  for (const t of turns) {
    messages.push({ role: 'user', content: t });
    const res = await page.request.post('/api/chat', {
      data: { messages, context: { paid: false } },
    });
    expect(res.status()).toBe(200);
    reply = ((await res.json()) as { reply: string }).reply;
    messages.push({ role: 'assistant', content: reply });
  }
  return reply;
}

test('the chat answers in the browser, the same as /api/chat, and fetches answers only when used', async ({
  page,
}) => {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  await page.goto('/check/');
  await expect(page.getByRole('button', { name: '帮我看看' })).toBeEnabled();
  // The first load carries no answers: most visitors only check a message.
  expect(urls.some((u) => u.includes('/answer-index.json'))).toBe(false);

  await page.getByLabel('您的问题').focus();
  await expect.poll(() => urls.some((u) => u.includes('/answer-index.json'))).toBe(true);

  for (const turns of [
    ['怎么安装国家反诈中心App？'],
    ['95588打电话说我的卡被冻结了，是真的吗'],
    ['客服打电话说要给我退款，让我点链接填银行卡', '那我该怎么办'],
  ]) {
    await page.goto('/check/');
    let answer = page.locator('.chat-assistant');
    for (const q of turns) answer = await askChat(page, q);
    const here = (await answer.locator('.chat-text').innerText()).trim();
    expect(flat(here)).toBe(flat(await apiReply(page, turns)));
  }
  // Without an LLM no question left the page.
  expect(urls.some((u) => u.includes('/api/chat'))).toBe(false);
});

test('an answer points to its page and puts the call one tap away', async ({ page }) => {
  await page.goto('/check/');
  const answer = await askChat(page, '我把验证码告诉别人了，怎么办？');
  await expect(answer.getByRole('link', { name: /拨打 110/ })).toHaveAttribute('href', 'tel:110');
  const app = await askChat(page, '国家反诈中心App怎么安装？');
  await expect(app.getByRole('link', { name: /国家反诈中心App/ }).first()).toHaveAttribute(
    'href',
    '/app/',
  );
});

test('a question typed into the message box is answered in the chat, not checked as a message', async ({
  page,
}) => {
  await page.goto('/check/');
  await page.getByLabel('把收到的短信、聊天消息粘贴到这里').fill('举报诈骗有奖励吗？');
  await page.getByRole('button', { name: '帮我看看' }).click();
  const answer = page.locator('.chat-assistant').first();
  await expect(answer).toContainText('奖励');
  await expect(answer.getByRole('link', { name: /有奖举报/ }).first()).toHaveAttribute(
    'href',
    '/rewards/',
  );
  await expect(page.locator('#check-result h2')).toHaveCount(0);
});

test('朗读 reads a chat answer aloud in Chinese', async ({ page }) => {
  await recordSpeech(page);
  await page.goto('/check/');
  const answer = await askChat(page, '什么是紧急止付？');
  const text = (await answer.locator('.chat-text').innerText()).trim();
  await answer.getByRole('button', { name: '朗读回答' }).click();
  const said = await spoken(page);
  expect(said).toHaveLength(1);
  expect(said[0]).toMatch(/^zh-CN\|/);
  expect(flat(said[0]!)).toContain(flat(text));
});

test('axe finds no violations in the chat, in both themes', async ({ page }) => {
  await page.goto('/check/');
  await askChat(page, '96110 打来的电话怎么认？');
  await expectNoAxeViolations(page, 'on /check/ after a chat answer');
  await usePreferences(page, { contrast: 'high', text: 3 });
  await page.goto('/check/');
  await askChat(page, '有人打电话说是我孙子，出了车祸急着要钱');
  await expectNoAxeViolations(page, 'on /check/ after a chat answer, high contrast, largest text');
});

test('the 常见问题 page: questions with answers, their sources, one-tap calls and 朗读', async ({
  page,
}) => {
  await recordSpeech(page);
  await page.goto('/faq/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('常见问题');
  expect(await page.locator('.faq-entry h3').count()).toBeGreaterThanOrEqual(60);
  const entry = page.locator('.faq-entry', { has: page.locator('#already-paid') });
  await expect(entry.getByRole('link', { name: '110' }).first()).toHaveAttribute('href', 'tel:110');
  await expect(entry.getByRole('link', { name: /接着看/ })).toHaveAttribute('href', '/hotlines/');
  await entry.getByText('这条回答的出处').click();
  await expect(entry.locator('.faq-sources li').first()).toBeVisible();
  await entry.getByRole('button', { name: /朗读/ }).click();
  const said = await spoken(page);
  expect(said).toHaveLength(1);
  expect(said[0]).toContain('110');
});
