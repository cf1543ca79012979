import { describe, expect, test } from 'vitest';
import { findPhoneNumbers, splitPhoneText, telHref } from './phone.ts';
import { siteConfig } from './site-config.ts';

const links = (text: string) => splitPhoneText(text).filter((p) => p.href);

describe('phone numbers in content text', () => {
  test('110 and 96110 become one-tap links where the text names them', () => {
    expect(links('已经转了钱：马上拨打 110，拿不准拨打96110。')).toEqual([
      { text: '110', href: 'tel:110' },
      { text: '96110', href: 'tel:96110' },
    ]);
  });

  test('a listed number with an area code dials with its area code', () => {
    expect(links('也可以拨 0635-12393')).toEqual([{ text: '0635-12393', href: 'tel:063512393' }]);
  });

  test('sums of money, years and counts are not phone numbers', () => {
    for (const text of [
      '每条 100 元至 500 元',
      '最高 10,000 元',
      '2019 年开始',
      '默认 180 天',
      '1100元',
    ])
      expect(findPhoneNumbers(text), text).toEqual([]);
  });

  test('a sample office number is found but never dials', () => {
    const office = siteConfig.hotlines.find((h) => h.sample);
    expect(office).toBeDefined();
    expect(findPhoneNumbers(`电话：${office!.number}`)).toHaveLength(1);
    expect(telHref(office!.number)).toBeUndefined();
    expect(links(`电话：${office!.number}`)).toEqual([]);
  });

  test('"area code-96110" is how a genuine call looks, not a number to dial', () => {
    const [p] = findPhoneNumbers('真的来电显示为 025-96110');
    expect(p?.form).toBe('caller-id');
    expect(links('真的来电显示为 025-96110')).toEqual([]);
  });

  test('text-only and unlisted numbers stay text', () => {
    expect(links('12381 发来的短信不用回拨')).toEqual([]);
    expect(links('回电 0635-0000101')).toEqual([]);
    expect(
      splitPhoneText('回电 0635-0000101')
        .map((p) => p.text)
        .join(''),
    ).toBe('回电 0635-0000101');
  });
});
