import { describe, expect, test } from 'vitest';
import { extractEntities } from './entities.ts';
import { fixtureKnowledge } from './fixtures.ts';
import { normalize } from './normalize.ts';
import { findSignals, phraseToRegExp } from './signals.ts';

const knowledge = fixtureKnowledge();
const signalsOf = (text: string) => {
  const n = normalize(text);
  return findSignals(n, extractEntities(n, text), knowledge);
};
const ids = (text: string) => signalsOf(text).map((s) => s.id);
const spanTexts = (text: string, id: string) =>
  (signalsOf(text).find((s) => s.id === id)?.spans ?? []).map(([a, b]) => text.slice(a, b));

describe('built-in red flags', () => {
  test('flags 安全账户 with the exact span in the original text', () => {
    const text = '您好，请将资金转入安全账户配合调查';
    expect(spanTexts(text, 'safe-account')).toEqual(['安全账户']);
  });
  test('flags a spaced-out 安 全 账 户 and highlights the spaced original', () => {
    const text = '把钱转到安 全 账 户';
    expect(spanTexts(text, 'safe-account')).toEqual(['安 全 账 户']);
  });
  test('flags a request for the verification code, not an OTP text that warns against sharing it', () => {
    expect(ids('把收到的验证码告诉我')).toContain('verification-code');
    expect(ids('验证码 123456，5分钟内有效，请勿泄露给他人')).not.toContain('verification-code');
  });
  test('flags screen sharing and remote-control apps', () => {
    expect(ids('请下载腾讯会议，开启屏幕共享，我帮您操作退款')).toContain('screen-share');
    expect(ids('先装一个向日葵')).toContain('screen-share');
  });
  test('flags secrecy, threats and impersonated authority', () => {
    const found = ids('我是市公安局民警，你涉嫌洗钱，通缉令已经下来了，不要告诉家人');
    expect(found).toEqual(expect.arrayContaining(['authority', 'accused', 'threat', 'secrecy']));
  });
  test('flags advance fees, guaranteed returns, task rebates and credit repair', () => {
    expect(ids('贷款已批，需先交解冻费才能放款')).toContain('advance-fee');
    expect(ids('老师带单，稳赚不赔')).toContain('high-return');
    expect(ids('在家刷单，垫付后返佣金')).toContain('task-rebate');
    expect(ids('您大学期间的校园贷账户需要注销')).toContain('credit-repair');
  });
  test('flags a “relative” in trouble who needs money', () => {
    expect(ids('妈，我手机掉了，这是我新号，出事了急需用钱，你先转五千到这个卡上')).toContain(
      'relative-emergency',
    );
  });
  test('says which pattern a built-in flag points to', () => {
    const s = signalsOf('请把钱转到安全账户').find((x) => x.id === 'safe-account');
    expect(s?.pattern).toBe('impersonating-police');
  });
});

describe('co-occurrence', () => {
  test('authority plus a transfer counts far more than either alone', () => {
    const weight = (text: string) => signalsOf(text).reduce((n, s) => n + s.weight, 0);
    const both = weight('我是公安局民警，你涉嫌洗钱，请立即把钱转到安全账户');
    const authorityOnly = weight('我是公安局民警，你涉嫌洗钱');
    const transferOnly = weight('请立即把钱转到安全账户');
    expect(ids('我是公安局民警，你涉嫌洗钱，请立即把钱转到安全账户')).toContain(
      'combo:authority-transfer',
    );
    expect(both).toBeGreaterThan(authorityOnly + transferOnly);
  });
});

describe('red flags from the explainers', () => {
  test('turns each red flag into a pattern:<slug>:<n> signal with its label and reason', () => {
    const s = signalsOf('你的账户涉嫌洗钱').find((x) => x.id === 'pattern:impersonating-police:0');
    expect(s?.label).toBe('说您涉嫌犯罪');
    expect(s?.reason).toContain('真警察');
    expect(s?.pattern).toBe('impersonating-police');
  });
  test('matches phrases with spaces or punctuation inserted', () => {
    expect(ids('资 金 清 查')).toContain('pattern:impersonating-police:1');
    expect(phraseToRegExp('这是我的新QQ')?.test('这是我的新 qq')).toBe(true);
  });
});

describe('warnings are not scams', () => {
  test.each([
    '【临清公安】提醒：凡是要求转账到安全账户的都是诈骗',
    '公安机关不会让您把钱转到安全账户',
    '不要把验证码告诉任何人',
  ])('does not flag the scam words quoted in a warning: %s', (text) => {
    const weight = signalsOf(text).reduce((n, s) => n + s.weight, 0);
    expect(weight).toBeLessThan(20);
  });
  test('does not flag ordinary family, delivery and bank messages', () => {
    for (const text of [
      '妈，我明天回家吃饭',
      '您的快递已放在驿站，取件码 3-2-1102',
      '您尾号1234的账户消费 58.00 元',
      '妈我这个月工资发了给你转了500',
    ]) {
      expect(signalsOf(text)).toEqual([]);
    }
  });
});
