import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { answerChat, classifyQuestion, foldForMatching, type ChatMessage } from './chat.ts';
import { loadKnowledgeFromContent } from './content-loader.ts';
import type { Knowledge } from './types.ts';

let knowledge: Knowledge;
beforeAll(() => {
  knowledge = loadKnowledgeFromContent(fileURLToPath(new URL('..', import.meta.url)));
});

const ask = (content: string, context = {}) =>
  answerChat([{ role: 'user', content }], knowledge, context, { areaCode: '0635' });
const hrefs = (r: { links: { href: string }[] }) => r.links.map((l) => l.href);

describe('classifyQuestion', () => {
  test.each([
    ['我已经转账了怎么办？', 'paid'],
    ['刚刚给他汇了 5000 块', 'paid'],
    ['我被骗了', 'paid'],
    ['这个号码是真的公安吗？', 'police'],
    ['96110 打来电话是真的吗', 'police'],
    ['怎么举报？', 'report'],
    ['什么是安全账户', 'safe-account'],
    ['验证码能给吗', 'verification-code'],
    ['验 证 码 能 给 吗 ？', 'verification-code'],
    ['你好', 'greeting'],
    ['谢谢', 'thanks'],
    ['那我该怎么办', 'what-to-do'],
    ['今天天气怎么样？', 'unknown'],
  ])('%s → %s', (q, intent) => {
    expect(classifyQuestion(q, knowledge)).toBe(intent);
  });

  test('a long forwarded message is a message, even if it mentions 转账', () => {
    const msg =
      '【中国邮政】您的包裹因地址不详被退回，请点击 http://t.cn/abc123 填写地址，逾期将销毁。已经转账的客户请忽略。';
    expect(classifyQuestion(msg, knowledge)).toBe('message');
  });

  test('asks about a pattern by its name', () => {
    const p = knowledge.patterns[0];
    if (!p) throw new Error('no patterns in content/');
    expect(classifyQuestion(`什么是${p.title}？`, knowledge)).toBe('pattern-info');
  });
});

describe('answerChat', () => {
  test('paid: call 110 now, stop payment, keep evidence, pay no recovery fees', () => {
    const r = ask('我已经转账了怎么办？');
    expect(r.reply).toMatch(/马上拨打 110/);
    expect(r.reply).toContain('紧急止付');
    expect(r.reply).toMatch(/聊天记录|截图/);
    expect(r.reply).toMatch(/追回/);
    expect(hrefs(r)).toEqual(expect.arrayContaining(['tel:110', 'tel:96110']));
  });

  test('police: no transfers, hang up and call yourself; genuine 96110 shows the area code', () => {
    const r = ask('这个号码是真的公安吗？');
    expect(r.reply).toContain('不会在电话里让您转账');
    expect(r.reply).toContain('挂断');
    expect(r.reply).toContain('0635-96110');
  });

  test('report: this site, the 国家反诈中心 app and 96110', () => {
    const r = ask('怎么举报？');
    expect(r.reply).toContain('国家反诈中心');
    expect(r.reply).toContain('96110');
    expect(hrefs(r)).toContain('/report/');
  });

  test('safe account: it does not exist', () => {
    const r = ask('什么是安全账户');
    expect(r.reply).toContain('根本不存在');
  });

  test('verification code: never give it', () => {
    expect(ask('验证码能给吗').reply).toContain('验证码不能给任何人');
  });

  test('a pasted message: runs the engine and explains the verdict', () => {
    const r = ask('您好，我是公安局的，您涉嫌洗钱，请立即把钱转到安全账户配合调查，不要告诉家人。');
    expect(r.intent).toBe('message');
    expect(r.verdict?.level).toBe('高风险');
    expect(r.reply).toContain('高风险');
    if (r.verdict?.pattern) expect(hrefs(r)).toContain(`/patterns/${r.verdict.pattern.slug}/`);
  });

  test('what to do after a risky check uses the pattern from the context', () => {
    const p =
      knowledge.patterns.find((x) => x.slug === 'impersonating-police') ?? knowledge.patterns[0];
    if (!p) throw new Error('no patterns');
    const r = ask('那我该怎么办', { level: '高风险', pattern: p.slug });
    expect(r.reply).toContain('不要转账');
    expect(hrefs(r)).toContain(`/patterns/${p.slug}/`);
  });

  test('what to do after saying "paid" gives the paid answer', () => {
    expect(ask('怎么办', { paid: true }).reply).toContain('110');
  });

  test('greetings and unknown questions get a kind answer with 96110', () => {
    expect(ask('你好').reply).toContain('您好');
    const r = ask('今天天气怎么样？');
    expect(r.intent).toBe('unknown');
    expect(r.reply).toContain('96110');
  });

  test('answers the last user turn, not earlier ones', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: '你好' },
      { role: 'assistant', content: '您好！' },
      { role: 'user', content: '验证码能给吗' },
    ];
    expect(answerChat(messages, knowledge).intent).toBe('verification-code');
  });

  test('answers are short plain lines', () => {
    for (const q of [
      '我已经转账了怎么办？',
      '这个号码是真的公安吗？',
      '怎么举报？',
      '什么是安全账户',
      '验证码能给吗',
    ]) {
      const r = ask(q);
      expect(r.reply.length).toBeLessThan(400);
      for (const line of r.reply.split('\n')) expect(line.length).toBeLessThan(80);
    }
  });
});

test('foldForMatching folds full-width characters, case and spaces', () => {
  expect(foldForMatching('ＱＱ 号， Hello！')).toBe('qq号hello');
});
