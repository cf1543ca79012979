/**
 * Content a police office can publish: sample data never passes for real news or a real police
 * list, and every explainer tells a frightened reader what to do before anything else.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import YAML from 'yaml';
import site from '../../content/site.json' with { type: 'json' };

// Until an office publishes its own alerts and notices, all of them are samples.
const SAMPLE_DEPLOYMENT = site.isSample;

test('sample alerts say 示例 in lists, on their page and in the RSS feed', async ({
  page,
  request,
}) => {
  await page.goto('/alerts/');
  const cards = page.locator('.cards a.card h3');
  const titles = await cards.allTextContents();
  expect(titles.length).toBeGreaterThan(0);
  for (const title of titles) expect(title).toContain('【示例】');

  await page.locator('.cards a.card').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('【示例】');
  await expect(page.getByText('这是一条示例预警')).toBeVisible();

  const rss = await (await request.get('/rss.xml')).text();
  const items = [...rss.matchAll(/<item>[\s\S]*?<\/item>/g)].map((m) => m[0]);
  expect(items.length).toBe(titles.length);
  for (const item of items) {
    expect(item).toMatch(/<title>[^<]*【示例】/);
    expect(item).toMatch(/<description>[^<]*示例预警/);
  }
});

test('sample notices say 示例 on the board and on every entry', async ({ page, request }) => {
  test.skip(!SAMPLE_DEPLOYMENT, 'only the sample deployment ships sample notices');
  await page.goto('/exposure/');
  await expect(page.getByText('不是真实的涉诈名单')).toBeVisible();
  for (const title of await page.locator('.cards a.card h3').allTextContents())
    expect(title).toContain('示例');

  await page.locator('.cards a.card').first().click();
  await expect(page.getByText('这是一份示例通告')).toBeVisible();
  const rows = page.locator('.exposure-table tbody tr');
  const count = await rows.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++)
    await expect(rows.nth(i).locator('td.value')).toContainText('示例');

  // The open knowledge file carries the flag too, so re-users of the data see it.
  const knowledge = (await (await request.get('/bot-knowledge.json')).json()) as {
    blocklist: { sample?: boolean }[];
  };
  expect(knowledge.blocklist.length).toBeGreaterThan(0);
  expect(knowledge.blocklist.every((e) => e.sample === true)).toBe(true);
});

test('a sample office number is shown as text and never dials', async ({ page }) => {
  const office = site.hotlines.find((h) => 'sample' in h && h.sample);
  test.skip(!office, 'the office number is real');
  const digits = office!.number.replace(/[^\d+]/g, '');
  for (const path of ['/hotlines/', '/', '/report/']) {
    await page.goto(path);
    await expect(page.locator(`a[href="tel:${digits}"]`)).toHaveCount(0);
    await expect(page.getByText(office!.number).first()).toBeVisible();
  }
  await expect(page.getByText('示例号码，不能拨打').first()).toBeVisible();
});

test('every tel: link on every page dials a number site.json lists as dialable', async ({
  request,
}) => {
  const dialable = new Set(
    [
      ...site.hotlines.filter((h) => !('sample' in h && h.sample)).map((h) => h.number),
      ...site.serviceNumbers.filter((s) => !('dial' in s) || s.dial !== false).map((s) => s.number),
    ].map((n) => n.replace(/[^\d+]/g, '')),
  );
  const sitemap = await (await request.get('/sitemap-0.xml')).text();
  const paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
  expect(paths.length).toBeGreaterThan(20);
  let links = 0;
  for (const path of paths) {
    const html = await (await request.get(path)).text();
    for (const m of html.matchAll(/href="tel:([^"]*)"/g)) {
      links++;
      expect(dialable.has(m[1]!), `${path}: tel:${m[1]}`).toBe(true);
    }
  }
  expect(links).toBeGreaterThan(paths.length);
});

test('numbers in an explainer’s text are one tap away', async ({ page }) => {
  await page.goto('/patterns/medical-insurance-card/');
  await expect(page.getByRole('link', { name: '12393', exact: true }).first()).toHaveAttribute(
    'href',
    'tel:12393',
  );
  await page.goto('/hotlines/');
  const main = page.locator('main');
  await expect(main.getByRole('link', { name: '110', exact: true }).first()).toHaveAttribute(
    'href',
    'tel:110',
  );
});

test('hard words (紧急止付, 对公账户, 刷流水, 引流…) link to their plain explanation', async ({
  page,
  request,
}) => {
  const glossary = YAML.parse(readFileSync('content/glossary.yaml', 'utf8')) as {
    id: string;
    term: string;
  }[];
  for (const t of ['紧急止付', '对公账户', '刷流水', '引流'])
    expect(glossary.map((g) => g.term)).toContain(t);
  const sitemap = await (await request.get('/sitemap-0.xml')).text();
  const paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)]
    .map((m) => new URL(m[1]!).pathname)
    .filter((p) => p !== '/glossary/');
  let checked = 0;
  for (const path of paths) {
    const html = await (await request.get(path)).text();
    // Articles only (each FAQ answer is one): lists and cards show summaries of a full page.
    for (const [article] of html.matchAll(/<article[\s\S]*?<\/article>/g)) {
      const text = article.replace(/<[^>]+>/g, '');
      for (const g of glossary) {
        if (!text.includes(g.term)) continue;
        checked++;
        expect(article, `${path}: ${g.term}`).toContain(`href="/glossary/#${g.id}"`);
      }
    }
  }
  expect(checked).toBeGreaterThan(10);

  await page.goto('/glossary/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('词语解释');
  await expect(page.locator('#jinji-zhifu')).toContainText('只能拦住还留在这个账户里的钱');
});

test.describe('every explainer’s first screen (360×740, standard text)', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('holds the three steps, 110 first, before any red flag or script', async ({ page }) => {
    await page.goto('/patterns/');
    const hrefs = await page
      .locator('main a[href^="/patterns/"]')
      .evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href') ?? ''))]);
    expect(hrefs.length).toBeGreaterThanOrEqual(23);
    for (const href of hrefs) {
      await page.goto(href);
      await expect(page.locator('html')).not.toHaveAttribute('data-text', /[123]/);
      const box = page.getByRole('region', { name: '先做这三件事' });
      const steps = box.getByRole('listitem');
      await expect(steps, href).toHaveCount(3);
      await expect(steps.nth(0).getByRole('link', { name: '110', exact: true })).toHaveAttribute(
        'href',
        'tel:110',
      );
      await expect(steps.nth(1).getByRole('link', { name: '96110', exact: true })).toHaveAttribute(
        'href',
        'tel:96110',
      );
      await expect(steps.nth(2)).toContainText('不转账');
      await expect(steps.nth(2)).toContainText('验证码');
      const rect = (await box.boundingBox())!;
      expect(rect.y, `${href}: box starts on the first screen`).toBeGreaterThanOrEqual(0);
      expect(rect.y + rect.height, `${href}: box ends on the first screen`).toBeLessThanOrEqual(
        740,
      );
      const flags = (await page
        .getByRole('region', { name: '听到这些话，就要提高警惕' })
        .boundingBox())!;
      expect(flags.y, `${href}: red flags come after the box`).toBeGreaterThan(
        rect.y + rect.height,
      );
    }
  });
});

test('a sample account looked up on the server is labelled 示例 too', async ({ request }) => {
  test.skip(!SAMPLE_DEPLOYMENT, 'only the sample deployment ships sample notices');
  const r = await request.get(`/api/lookup?q=${encodeURIComponent('00000000000000000011')}`);
  const body = (await r.json()) as { listed: boolean; entries: { sample?: boolean }[] };
  expect(body.listed).toBe(true);
  expect(body.entries.every((e) => e.sample === true)).toBe(true);
});
