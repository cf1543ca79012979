import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { analyze, MAX_ANALYSED_CHARS } from './analyze.ts';
import { loadKnowledgeFromContent } from './content-loader.ts';
import { fixtureKnowledge, fixturePersonalMatcher } from './fixtures.ts';
import { mergeBlocklist } from './knowledge.ts';
import { entityKey } from './entity-key.ts';
import { LEVELS, type Knowledge, type Verdict } from './types.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let content: Knowledge;
beforeAll(() => {
  content = loadKnowledgeFromContent(ROOT);
});

const POLICE_SCAM = '您好，我是市公安局民警，您涉嫌洗钱…请将资金转入安全账户';

describe('levels on the real explainers and notices', () => {
  test('the explainers have landed and become pattern signals', () => {
    expect(content.patterns.length).toBeGreaterThanOrEqual(14);
    expect(content.patterns.some((p) => p.slug === 'impersonating-police')).toBe(true);
  });

  test('a 冒充公检法 message is 高风险 with the pattern impersonating-police', () => {
    const v = analyze(POLICE_SCAM, content);
    expect(v.level).toBe('高风险');
    expect(v.score).toBeGreaterThanOrEqual(70);
    expect(v.pattern?.slug).toBe('impersonating-police');
    expect(v.source).toBe('engine');
    const safe = v.signals.find((s) => s.id === 'safe-account');
    expect(safe?.spans.map(([a, b]) => POLICE_SCAM.slice(a, b))).toEqual(['安全账户']);
    expect(v.signals.some((s) => s.pattern === 'impersonating-police')).toBe(true);
  });

  test.each([
    '妈，我明天回家吃饭',
    '您的快递已放在驿站，取件码 3-2-1102',
    '您尾号1234的账户消费 58.00 元',
    '验证码 123456，5分钟内有效，请勿泄露给他人',
    '妈我这个月工资发了给你转了500',
    '【临清公安】提醒：凡是要求转账到安全账户的都是诈骗',
    '明天上午10点腾讯会议，会议号 123 456 789，讨论下季度预算',
  ])('an ordinary message stays at the lowest level: %s', (text) => {
    const v = analyze(text, content);
    expect(v.level).toBe('未发现明显诈骗特征');
    expect(v.pattern).toBeUndefined();
  });

  test.each([
    ['在家动动手指就能赚钱，刷单一单返佣金10%，加薇信 zxc_job88', 'shua-dan-fan-li'],
    [
      '您好，我是快递理赔专员，您的包裹丢失，给您双倍赔偿，请下载腾讯会议开启屏幕共享',
      'fake-customer-service',
    ],
    ['老师带单，内幕消息，稳赚不赔，扫码进群', 'fake-investment'],
    ['无抵押秒到账，审核通过后需先交保证金才能放款', 'fake-loan'],
    ['您大学期间的校园贷账户未注销，会影响征信，需要把额度清零', 'fake-credit-record'],
    ['奶奶，我是你孙子，我打架被拘留了，交保证金才放人，千万别告诉家里', 'impersonating-family'],
  ])('recognises the pattern of %s', (text, slug) => {
    const v = analyze(text, content);
    expect(v.level).not.toBe('未发现明显诈骗特征');
    expect(v.pattern?.slug).toBe(slug);
  });

  test('never says "safe"', () => {
    for (const text of ['你好', POLICE_SCAM, '']) {
      const v = analyze(text, content);
      expect(LEVELS).toContain(v.level);
      expect(JSON.stringify(v)).not.toMatch(/(?<!不等于可以)放心|很安全|是安全的/);
    }
  });
});

describe('blocklist', () => {
  test('a number listed in a notice makes the message 高风险, citing the notice', () => {
    const text = '您好，有事请回电 0635-0000101';
    const v = analyze(text, content);
    expect(v.level).toBe('高风险');
    expect(v.score).toBeGreaterThanOrEqual(90);
    expect(v.listed?.[0]?.key).toBe('06350000101');
    expect(v.listed?.[0]?.source.title).toContain('通告');
    const signal = v.signals.find((s) => s.id === 'listed:phone');
    expect(signal?.reason).toContain('已被公安机关通报为诈骗');
    expect(signal?.reason).toContain(v.listed?.[0]?.source.title);
    expect(signal?.spans.map(([a, b]) => text.slice(a, b))).toEqual(['0635-0000101']);
  });

  test('finds listed links, QQ and WeChat ids, apps, and personal data through the server matcher', () => {
    const k = fixtureKnowledge();
    const matchPersonal = fixturePersonalMatcher();
    const cases: [string, string][] = [
      ['打开 https://www.SAFE-CHECK.example/verify/?id=9 填写', 'url'],
      ['验证页面 safe-check.example/verify', 'url'],
      ['加我QQ 100000012', 'qq'],
      ['微信 wxid_sample001 联系', 'wechat'],
      ['下载鑫盛理财 Pro 注册', 'app'],
      ['转到 6222 0000 0000 0000 011', 'account'],
      ['他的电话是 +86 167 0000 0090', 'person-phone'],
      ['身份证 990000198001010012', 'id-card'],
    ];
    for (const [text, kind] of cases) {
      const v = analyze(text, k, { matchPersonal });
      expect(
        v.listed?.map((e) => e.kind),
        text,
      ).toContain(kind);
      expect(v.level).toBe('高风险');
    }
  });

  test('in the browser (no server matcher) personal entries are not found: the file has none', () => {
    const v = analyze('他的电话是 +86 167 0000 0090', fixtureKnowledge());
    expect(v.listed).toBeUndefined();
  });

  test('a tip-off approved at run time is found too', () => {
    const k = mergeBlocklist(fixtureKnowledge(), [
      {
        kind: 'phone',
        key: entityKey('phone', '17100009999'),
        display: '17100009999',
        source: { title: '经审核的群众举报', date: '2026-11-01' },
      },
    ]);
    expect(analyze('回电 171 0000 9999', k).listed?.[0]?.source.title).toBe('经审核的群众举报');
    expect(analyze('回电 171 0000 9999', fixtureKnowledge()).listed).toBeUndefined();
  });
});

describe('advice', () => {
  test('when already paid, starts with calling 110 to freeze the account and warns of recovery scams', () => {
    const v = analyze(POLICE_SCAM, content, { paid: true });
    expect(v.advice[0]).toContain('110');
    expect(v.advice[0]).toMatch(/止付|冻结/);
    const all = v.advice.join('\n');
    expect(all).toMatch(/截图|证据/);
    expect(all).toContain('解冻');
    expect(all).toContain('追回');
  });
  test('uses the explainer’s dos and don’ts for the pattern', () => {
    const v = analyze(POLICE_SCAM, content);
    const police = content.patterns.find((p) => p.slug === 'impersonating-police');
    expect(v.advice).toContain(police?.dos[0]);
  });
  test('tells what to watch for even at the lowest level', () => {
    const v = analyze('妈，我明天回家吃饭', content);
    expect(v.advice.join('')).toContain('验证码');
    expect(v.advice.join('')).toContain('96110');
  });
  test('asks gently for the message when nothing was pasted', () => {
    for (const text of ['', '   \n\t ']) {
      const v = analyze(text, content);
      expect(v.level).toBe('未发现明显诈骗特征');
      expect(v.advice[0]).toContain('粘贴进来');
    }
  });
});

describe('robustness', () => {
  const weird = [
    '',
    '好'.repeat(6000),
    '安全账户'.repeat(2000),
    '😀👍🏻🇨🇳'.repeat(500),
    '<img src=x onerror=alert(1)>',
    '<script>alert("验证码")</script><a href="http://t.cn/x">点我</a>',
    'http://t.cn/A6xYzQ',
    '16700000001',
    '13812345678',
    '\ud83d',
    '\udc00\ud800',
    'A：你好\nB：喂？',
    'Ｍｉｘｅｄ ＴＥＸＴ　русский العربية 中文 😀',
    '1'.repeat(30000),
  ];
  test.each(weird.map((t) => [t.slice(0, 30), t]))(
    'never throws and answers a verdict: %s',
    (_label, text) => {
      const t0 = performance.now();
      let v: Verdict | undefined;
      expect(() => {
        v = analyze(text, content);
      }).not.toThrow();
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(LEVELS).toContain(v?.level);
      expect(v?.score).toBeGreaterThanOrEqual(0);
      expect(v?.score).toBeLessThanOrEqual(100);
      for (const s of v?.signals ?? [])
        for (const [, b] of s.spans) expect(b).toBeLessThanOrEqual(text.length);
    },
  );
  test('survives input that is not a string at run time', () => {
    expect(analyze(undefined as unknown as string, content).level).toBe('未发现明显诈骗特征');
    expect(analyze(12345 as unknown as string, content).level).toBeDefined();
    expect(analyze('你好', undefined as unknown as Knowledge).level).toBeDefined();
  });
  test('analyses at most the first 20,000 characters', () => {
    const text = `${'好'.repeat(MAX_ANALYSED_CHARS)}请把钱转到安全账户`;
    expect(analyze(text, content).signals.find((s) => s.id === 'safe-account')).toBeUndefined();
  });
  test('a lone URL and a lone number are reported as entities', () => {
    expect(analyze('http://t.cn/A6xYzQ', content).entities.urls[0]?.short).toBe(true);
    expect(analyze('13812345678', content).entities.phones[0]?.value).toBe('13812345678');
  });
});

describe('common SMS and chat scripts beyond the explainers', () => {
  test('"in a meeting, can’t take calls, send money for me" is 高风险 as 冒充领导熟人', () => {
    const text = '在吗？帮我个忙，我在外地开会不方便接电话，帮我给一个朋友转2万块钱，回头还你。';
    const v = analyze(text, content);
    expect(v.level).toBe('高风险');
    expect(v.pattern?.slug).toBe('impersonating-boss-acquaintance');
    expect(v.signals.map((s) => s.id)).toContain('cannot-talk');
  });

  test('a loan ad with no collateral, same-day payout and a private WeChat is at least 可疑', () => {
    const v = analyze(
      '【速贷】无需抵押，凭身份证即可申请，最高额度20万，当天放款，详询微信dk8899',
      content,
    );
    expect(v.level).not.toBe('未发现明显诈骗特征');
    expect(v.pattern?.slug).toBe('fake-loan');
  });

  test('a "parcel returned, pay the postage at this link" text is at least 可疑', () => {
    const v = analyze(
      '您的包裹因地址不详被退回，请点击 sf-express.info 重新填写地址并支付2元运费。',
      content,
    );
    expect(v.level).not.toBe('未发现明显诈骗特征');
    expect(v.signals.map((s) => s.id)).toContain('parcel-problem');
  });

  test.each([
    '我在开会，不方便接电话，晚点回你。',
    '我正在开会，你先把报表发我邮箱。',
    '妈，我手机没电了，用同事手机给你发的，晚上回家吃饭。',
    '【建设银行】个人住房贷款利率调整通知，详询当地网点或95533。',
  ])('an ordinary message stays at the lowest level: %s', (text) => {
    expect(analyze(text, content).level).toBe('未发现明显诈骗特征');
  });
});

test('being asked into a meeting app to "unfreeze" a shop is flagged; a team meeting is not', () => {
  const scam = analyze(
    '您好，您的淘宝店铺涉嫌违规，已被冻结，请下载钉钉，加入会议进行解冻认证。',
    content,
  );
  expect(scam.level).not.toBe('未发现明显诈骗特征');
  expect(scam.signals.map((s) => s.id)).toContain('meeting-app');
  const meeting = analyze('明天上午十点请大家下载钉钉加入部门视频会议，讨论年终总结。', content);
  expect(meeting.signals.map((s) => s.id)).not.toContain('meeting-app');
  expect(meeting.level).toBe('未发现明显诈骗特征');
});
