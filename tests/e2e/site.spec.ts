import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, usePreferences } from './helpers.ts';

test('a resident searches 冒充公检法 from the home page and opens the explainer', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('searchbox', { name: '搜索本站' }).fill('冒充公检法');
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(page).toHaveURL(/\/search\/\?q=/);
  const result = page.getByRole('link', { name: /冒充公检法/ }).first();
  await expect(result).toBeVisible();
  await expect(page.locator('.results mark').first()).toContainText('冒充公检法');
  await result.click();
  await expect(page).toHaveURL(/\/patterns\/impersonating-police\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('冒充公检法');
});

test('large text chosen once stays on the next page', async ({ page }) => {
  await page.goto('/');
  const base = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  expect(base).toBeGreaterThanOrEqual(18);
  await page.getByRole('button', { name: '字号 特大' }).click();
  await expect(page.getByRole('button', { name: '字号 特大' })).toHaveAttribute('aria-pressed', 'true');
  const large = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  expect(large).toBeGreaterThan(base * 1.4);

  await page.getByRole('link', { name: '诈骗类型', exact: true }).click();
  await expect(page).toHaveURL(/\/patterns\/$/);
  const after = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  expect(after).toBe(large);
  await expect(page.getByRole('button', { name: '字号 特大' })).toHaveAttribute('aria-pressed', 'true');
});

test('the saved text size is applied before the page is first painted', async ({ page }) => {
  await usePreferences(page, { text: 2, contrast: 'high' });
  // The attribute is set by a blocking script in <head>: check it as soon as the body exists.
  await page.addInitScript(() => {
    document.addEventListener('readystatechange', () => {
      if (document.readyState === 'interactive') {
        (window as unknown as { __early: string | null }).__early = document.documentElement.getAttribute('data-text');
      }
    });
  });
  await page.goto('/alerts/');
  expect(await page.evaluate(() => (window as unknown as { __early: string | null }).__early)).toBe('2');
  await expect(page.locator('html')).toHaveAttribute('data-contrast', 'high');
});

test('alerts filtered by a district show that district and city-wide alerts only', async ({ page }) => {
  await page.goto('/alerts/');
  const allCount = await page.locator('#current-title + ul > li, #past-title + ul > li').count();
  await page.getByRole('link', { name: '松林镇', exact: true }).click();
  await expect(page).toHaveURL(/\/alerts\/district\/(%E6%9D%BE%E6%9E%97%E9%95%87|松林镇)\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('松林镇的诈骗预警');
  await expect(page.getByRole('link', { name: '松林镇', exact: true })).toHaveAttribute('aria-current', 'page');
  const metas = await page.locator('.cards .meta').allTextContents();
  expect(metas.length).toBeGreaterThan(0);
  expect(metas.length).toBeLessThan(allCount);
  for (const m of metas) expect(m).toMatch(/松林镇|全市/);
});

test('looking up a listed number shows the notice; an unlisted one is 未在曝光库中, never 安全', async ({ page }) => {
  await page.goto('/exposure/');
  const box = page.getByRole('searchbox', { name: /输入电话号码/ });
  await box.fill('0635 000 0101');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('heading', { name: /已被公安机关通报/ })).toBeVisible();
  await expect(page.locator('.lookup-result')).toContainText('0635-0000101');
  // The board's entries are demo data until an office publishes real notices: say so.
  await expect(page.getByRole('heading', { name: /【示例】已被公安机关通报/ })).toBeVisible();
  await expect(page.locator('.lookup-result')).toContainText('不是真实的通报');
  await expect(page.locator('.lookup-result a').first()).toHaveAttribute('href', /\/exposure\//);

  await box.fill('13912345678');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('heading', { name: /未在曝光库中/ })).toBeVisible();
  await expect(page.locator('.lookup-result')).toContainText('没查到，不等于没问题');
  await expect(page.locator('.lookup-result')).not.toContainText('安全');
});

test('the 110 and 96110 links dial directly', async ({ page }) => {
  await page.goto('/');
  const call110 = page.getByRole('link', { name: /拨打 110/ }).first();
  await expect(call110).toHaveAttribute('href', 'tel:110');
  await expect(page.getByRole('link', { name: /拨打 96110/ }).first()).toHaveAttribute('href', 'tel:96110');
});

test('the hotlines page puts every number one tap away', async ({ page }) => {
  await page.goto('/hotlines/');
  const list = page.getByRole('region', { name: '一键拨打' });
  await expect(list.getByRole('link', { name: /110 报警电话/ })).toHaveAttribute('href', 'tel:110');
  await expect(list.getByRole('link', { name: /96110 反诈预警劝阻专线/ })).toHaveAttribute('href', 'tel:96110');
});

test('朗读 on an explainer reads it aloud in Chinese', async ({ page }) => {
  await page.addInitScript(() => {
    const calls: { lang: string; text: string }[] = [];
    (window as unknown as { __spoken: typeof calls }).__spoken = calls;
    Object.defineProperty(window, 'speechSynthesis', {
      value: {
        speaking: false,
        speak: (u: SpeechSynthesisUtterance) => calls.push({ lang: u.lang, text: u.text }),
        cancel: () => {},
      },
    });
  });
  await page.goto('/patterns/impersonating-police/');
  await page.getByRole('button', { name: /朗读/ }).click();
  const spoken = await page.evaluate(() => (window as unknown as { __spoken: { lang: string; text: string }[] }).__spoken);
  expect(spoken).toHaveLength(1);
  expect(spoken[0]!.lang).toBe('zh-CN');
  expect(spoken[0]!.text).toContain('冒充公检法');
});

test('buttons and navigation links are at least 44 px tall, 60 px in the largest text', async ({ page }) => {
  for (const [text, min] of [
    [0, 44],
    [3, 60],
  ] as const) {
    await usePreferences(page, { text });
    await page.goto('/patterns/impersonating-police/');
    const heights = await page
      .locator('button:visible, a.btn:visible, nav a:visible, .sos a:visible, .site-footer a:visible')
      .evaluateAll((els) => els.map((e) => [e.textContent?.trim() ?? '', e.getBoundingClientRect().height] as const));
    expect(heights.length).toBeGreaterThan(10);
    const small = heights.filter(([, h]) => h < min - 0.5);
    expect(small, `targets under ${min} px at text size ${text}`).toEqual([]);
  }
});

test('an explainer prints as a clean handout: no navigation, settings or buttons', async ({ page }) => {
  await page.goto('/patterns/impersonating-police/');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeHidden();
  await expect(page.getByRole('group', { name: '阅读设置' })).toBeHidden();
  await expect(page.locator('.sos')).toBeHidden();
  await expect(page.getByRole('button', { name: /朗读/ })).toBeHidden();
  await expect(page.locator('.print-only')).toBeVisible();
});

test('an unknown address answers 404 with a helpful page', async ({ page }) => {
  const res = await page.goto('/no-such-page/');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('找不到这个页面');
});

const TEMPLATES = [
  '/',
  '/patterns/',
  '/patterns/impersonating-police/',
  '/alerts/',
  '/alerts/district/%E6%9D%BE%E6%9E%97%E9%95%87/',
  '/alerts/audience/%E8%80%81%E5%B9%B4%E4%BA%BA/',
  '/exposure/',
  '/search/?q=%E5%88%B7%E5%8D%95',
  '/privacy/',
  '/hotlines/',
  '/glossary/',
  '/patterns/impersonating-anti-fraud/',
  '/report/guide/',
  '/faq/',
  '/no-such-page/',
];

test.describe('accessibility', () => {
  let alertHref = '';
  let noticeHref = '';
  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage();
    await page.goto('/alerts/');
    alertHref = (await page.locator('.cards a.card').first().getAttribute('href')) ?? '';
    await page.goto('/exposure/');
    noticeHref = (await page.locator('.cards a.card').first().getAttribute('href')) ?? '';
    await page.close();
  });

  for (const contrast of ['normal', 'high'] as const) {
    for (const template of [...TEMPLATES, 'first alert', 'first notice']) {
      test(`${template} passes axe (WCAG 2.2 AA) in the ${contrast} theme`, async ({ page }) => {
        if (contrast === 'high') await usePreferences(page, { contrast: 'high' });
        const path = template === 'first alert' ? alertHref : template === 'first notice' ? noticeHref : template;
        expect(path).toMatch(/^\//);
        await page.goto(path);
        if (contrast === 'high') await expect(page.locator('html')).toHaveAttribute('data-contrast', 'high');
        if (path.startsWith('/search/')) await expect(page.locator('.results li').first()).toBeVisible();
        await expectNoAxeViolations(page, `${path} (${contrast})`);
      });
    }
  }
});
