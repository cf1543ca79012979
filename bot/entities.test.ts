import { describe, expect, test } from 'vitest';
import { extractEntities, isValidIdCard, parseChineseNumber, passesLuhn } from './entities.ts';
import { normalize } from './normalize.ts';

const extract = (text: string) => extractEntities(normalize(text), text);
const at = (text: string, span: [number, number]) => text.slice(span[0], span[1]);

describe('phone numbers', () => {
  test('finds mainland mobiles with +86/0086 prefixes, spaces and dashes, spans in the original', () => {
    const text = '请拨打+86 138-1234-5678，或者 0086 139 8765 4321，或 16712345678';
    const phones = extract(text).phones;
    expect(phones.map((p) => [p.value, p.kind])).toEqual([
      ['13812345678', 'mobile'],
      ['13987654321', 'mobile'],
      ['16712345678', 'mobile'],
    ]);
    expect(at(text, phones[0]!.span)).toBe('+86 138-1234-5678');
  });
  test('finds virtual-operator ranges (170/171/162/165/167)', () => {
    for (const n of ['17012345678', '17112345678', '16212345678', '16512345678', '16712345678']) {
      expect(extract(`号码${n}`).phones[0]?.value).toBe(n);
    }
  });
  test('finds numbers written in full-width or Chinese digits', () => {
    expect(extract('电话１３８１２３４５６７８').phones[0]?.value).toBe('13812345678');
    expect(extract('电话幺三八幺二三四五六七八').phones[0]?.value).toBe('13812345678');
  });
  test('finds landlines with their area code', () => {
    const text = '联系电话 0635-8123456 或 (010)12345678';
    expect(extract(text).phones.map((p) => [p.value, p.kind])).toEqual([
      ['0635-8123456', 'landline'],
      ['010-12345678', 'landline'],
    ]);
  });
  test('finds 95xxx, 400 and the anti-fraud line as service numbers', () => {
    const phones = extract('客服95588，热线400-123-4567，反诈专线0635-96110').phones;
    expect(phones.map((p) => [p.value, p.kind])).toEqual([
      ['95588', 'service'],
      ['400-123-4567', 'service'],
      ['0635-96110', 'service'],
    ]);
  });
  test('finds overseas numbers with + or 00 prefixes', () => {
    const phones = extract('境外来电 +852 6123 4567，00855 12 345 678，+95 9 123 456 789').phones;
    expect(phones.map((p) => p.kind)).toEqual(['overseas', 'overseas', 'overseas']);
    expect(phones[0]?.value).toBe('+85261234567');
  });
  test('does not read amounts, dates or pickup codes as phone numbers', () => {
    expect(extract('消费 95000 元，2024-05-01，取件码 3-2-1102').phones).toEqual([]);
  });
});

describe('links', () => {
  test('finds links with a scheme and keeps the case of the path', () => {
    const text = '请登录 http://Abc-Pay.top/Login?x=1 处理';
    const [url] = extract(text).urls;
    expect(url?.value).toBe('http://Abc-Pay.top/Login?x=1');
    expect(url?.host).toBe('abc-pay.top');
    expect(at(text, url!.span)).toBe('http://Abc-Pay.top/Login?x=1');
  });
  test('finds bare and obfuscated domains', () => {
    expect(extract('打开 www。abc。com').urls[0]?.host).toBe('www.abc.com');
    expect(extract('网址 abc点com 领取').urls[0]?.host).toBe('abc.com');
    expect(extract('看 safe-check.example 这个').urls[0]?.host).toBe('safe-check.example');
  });
  test('marks short links', () => {
    const urls = extract(
      '点 t.cn/A6xYzQ 或 https://dwz.cn/abc 或 http://ab.cd/Xy12 或 https://www.example.com/a',
    ).urls;
    expect(urls.map((u) => u.short)).toEqual([true, true, true, false]);
  });
  test('does not read e-mail addresses or decimals as links', () => {
    expect(extract('邮箱 12345678@qq.com，金额 3.50 元').urls).toEqual([]);
  });
});

describe('bank cards and ID numbers', () => {
  test('finds 16–19 digit card numbers that pass Luhn, with spaces', () => {
    const text = '卡号 6222 0212 3456 7890 128';
    const [card] = extract(text).bankCards;
    expect(card?.value).toBe('6222021234567890128');
    expect(at(text, card!.span)).toBe('6222 0212 3456 7890 128');
  });
  test('ignores long numbers that fail Luhn', () => {
    expect(extract('订单号 6222021234567890123').bankCards).toEqual([]);
  });
  test('keeps ID numbers apart from cards', () => {
    const e = extract('身份证 11010519491231002X');
    expect(e.idCards[0]?.value).toBe('11010519491231002X');
    expect(e.bankCards).toEqual([]);
  });
  test('checks Luhn and the ID check digit', () => {
    expect(passesLuhn('4539578763621486')).toBe(true);
    expect(passesLuhn('4539578763621487')).toBe(false);
    expect(isValidIdCard('11010519491231002X')).toBe(true);
    expect(isValidIdCard('110105194912310021')).toBe(false);
  });
});

describe('QQ and WeChat ids', () => {
  test('finds QQ ids, also written 扣扣', () => {
    const accounts = extract('QQ：12345678，扣扣 87654321，qq群 889977665').accounts;
    expect(accounts.map((a) => [a.kind, a.value])).toEqual([
      ['qq', '12345678'],
      ['qq', '87654321'],
      ['qq', '889977665'],
    ]);
  });
  test('finds WeChat ids after 微信号, VX, 薇信 or 加V', () => {
    const text = '微信号：zhang_san88，VX: lisi-2024，加薇信 wangwu01，加V abc12345';
    const accounts = extract(text).accounts;
    expect(accounts.map((a) => a.value)).toEqual([
      'zhang_san88',
      'lisi-2024',
      'wangwu01',
      'abc12345',
    ]);
    expect(accounts.every((a) => a.kind === 'wechat')).toBe(true);
    expect(at(text, accounts[0]!.span)).toBe('zhang_san88');
  });
});

describe('amounts of money', () => {
  test('reads Arabic and Chinese amounts into numbers', () => {
    const amounts = extract('转5000元，再转5万，¥3,000，一万元，3.5万元，五万块，两千元').amounts;
    expect(amounts.map((a) => a.value)).toEqual([5000, 50000, 3000, 10000, 35000, 50000, 2000]);
    expect(amounts.map((a) => a.text)).toContain('¥3,000');
  });
  test('does not take steps or people for money', () => {
    expect(extract('今天走了1万步，来了三万人').amounts).toEqual([]);
  });
  test('parses Chinese numerals', () => {
    expect(parseChineseNumber('一万')).toBe(10000);
    expect(parseChineseNumber('三千五百')).toBe(3500);
    expect(parseChineseNumber('十二万')).toBe(120000);
    expect(parseChineseNumber('两')).toBe(2);
  });
});

describe('remote-control and meeting apps', () => {
  test('finds remote-control apps, screen sharing and meeting apps', () => {
    const apps = extract(
      '下载向日葵或者TeamViewer、ToDesk、AnyDesk，进腾讯会议开启屏幕共享，或者用 Zoom、瞩目会议、钉钉会议',
    ).apps;
    expect(apps.map((a) => a.name)).toEqual(
      expect.arrayContaining([
        '向日葵',
        'TeamViewer',
        'ToDesk',
        'AnyDesk',
        '腾讯会议',
        '屏幕共享',
        'Zoom',
        '瞩目',
        '钉钉会议',
      ]),
    );
    expect(apps.find((a) => a.name === '向日葵')?.category).toBe('remote-control');
    expect(apps.find((a) => a.name === '腾讯会议')?.category).toBe('meeting');
  });
  test('does not take sunflower seeds for a remote-control app', () => {
    expect(extract('买了一斤向日葵籽').apps).toEqual([]);
  });
});

describe('requests for a verification code', () => {
  test.each([
    '发我验证码',
    '把验证码告诉我',
    '把收到的验证码发给我一下',
    '验证码念给我听',
    '收到的六位数字是多少',
    '请提供银行卡号和收到的验证码',
  ])('finds the request in %s', (text) => {
    expect(extract(text).verificationCodeRequests).toHaveLength(1);
  });
  test('finds a request after a negated clause', () => {
    const text = '不要挂电话，把验证码告诉我';
    const [req] = extract(text).verificationCodeRequests;
    expect(at(text, req!.span)).toBe('把验证码告诉我');
  });
  test.each([
    '验证码 123456，5分钟内有效，请勿泄露给他人',
    '【微信】验证码：384756，用于手机号登录，5分钟内有效。请勿将验证码告知任何人。',
    '银行工作人员不会向您索要验证码，切勿告诉他人',
    '不要把验证码告诉任何人',
  ])('does not take an OTP text or a warning for a request: %s', (text) => {
    expect(extract(text).verificationCodeRequests).toEqual([]);
  });
});
