import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { prepareAnswers, type PreparedAnswers } from './answers/answer.ts';
import { buildAnswerIndex, type AnswerContent } from './answers/passages.ts';
import { answerChat, classifyQuestion, foldForMatching, type ChatMessage } from './chat.ts';
import { loadAnswerContent, loadKnowledgeFromContent } from './content-loader.ts';
import type { Knowledge } from './types.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
let knowledge: Knowledge;
let content: AnswerContent;
let answers: PreparedAnswers;
beforeAll(() => {
  knowledge = loadKnowledgeFromContent(root);
  content = loadAnswerContent(root);
  answers = prepareAnswers(buildAnswerIndex(content, 'test'));
});

const ask = (content: string, context = {}) =>
  answerChat([{ role: 'user', content }], knowledge, context, { areaCode: '0635', answers });
const converse = (...turns: string[]) => {
  const messages: ChatMessage[] = [];
  let last = ask('');
  for (const t of turns) {
    messages.push({ role: 'user', content: t });
    last = answerChat(messages, knowledge, {}, { areaCode: '0635', answers });
    messages.push({ role: 'assistant', content: last.reply });
  }
  return last;
};
const hrefs = (r: { links: { href: string }[] }) => r.links.map((l) => l.href);
const pages = (r: { links: { href: string }[] }) => hrefs(r).filter((h) => h.startsWith('/'));

describe('tells a pasted message, a described situation and a question apart', () => {
  test.each([
    ['我已经转账了怎么办？', 'paid'],
    ['刚刚给他汇了 5000 块', 'paid'],
    ['我被骗了', 'paid'],
    ['怎么举报？', 'answer'],
    ['国家反诈中心App怎么装？', 'answer'],
    ['验证码能给吗', 'answer'],
    ['验 证 码 能 给 吗 ？', 'answer'],
    ['对方说他是银行的，靠谱吗', 'vouch'],
    ['有人打电话说我的快递丢了要赔我钱，让我开屏幕共享', 'situation'],
    ['那我该怎么办', 'follow-up'],
    ['你好', 'greeting'],
    ['谢谢', 'thanks'],
    ['今天天气怎么样？', 'unknown'],
  ])('%s → %s', (q, intent) => {
    expect(classifyQuestion(q, knowledge, answers)).toBe(intent);
  });

  test('a long forwarded message is a message, even if it mentions 转账', () => {
    const msg =
      '【中国邮政】您的包裹因地址不详被退回，请点击 http://t.cn/abc123 填写地址，逾期将销毁。已经转账的客户请忽略。';
    expect(classifyQuestion(msg, knowledge, answers)).toBe('message');
  });

  test('without content to answer from, the built-in answers still work', () => {
    expect(classifyQuestion('验证码能给吗', knowledge)).toBe('verification-code');
    expect(classifyQuestion('什么是安全账户', knowledge)).toBe('safe-account');
    expect(classifyQuestion('这个号码是真的公安吗？', knowledge)).toBe('police');
    const p = knowledge.patterns[0];
    if (!p) throw new Error('no patterns in content/');
    expect(classifyQuestion(`什么是${p.title}？`, knowledge)).toBe('pattern-info');
  });
});

describe('answers from the content', () => {
  test('a question is answered from the passage that covers it, its page linked first', () => {
    const app = ask('怎么安装国家反诈中心App？');
    expect(app.intent).toBe('answer');
    expect(app.reply).toContain('应用商店');
    expect(pages(app)[0]).toBe('/app/');

    const reward = ask('举报诈骗有奖励吗');
    expect(pages(reward)[0]).toBe('/rewards/');

    const lecture = ask('社区有保健品讲座，去了送鸡蛋，能去吗');
    expect(pages(lecture)[0]).toBe('/patterns/elderly-health-products/');

    const stop = ask('什么是紧急止付');
    expect(stop.reply).toContain('止付');
    expect(stop.reply).toContain('110');
  });

  test('answers are at most 5 short lines, and name no fact the content does not', () => {
    for (const q of [
      '怎么安装国家反诈中心App？',
      '12381 发来的短信是什么意思',
      '刷单是什么',
      '网贷先交保证金正常吗',
      '医保卡被冻结的电话是真的吗',
      '怎么识别冒充客服的骗子',
    ]) {
      const r = ask(q);
      expect(r.intent, q).not.toBe('unknown');
      const lines = r.reply.split('\n');
      expect(lines.length, q).toBeLessThanOrEqual(5);
      expect(r.sources?.length, q).toBeGreaterThan(0);
      // Every line comes from a passage, apart from the bot's own lead-ins.
      const said = r.sources!.flatMap((s) => s.lines).join('\n');
      for (const line of lines) {
        const core = line.replace(/^(\d+\.|·)\s*/, '');
        if (/^(遇到|「|是真是假)/.test(core)) continue;
        expect(said, `${q}: ${line}`).toContain(core);
      }
    }
  });

  test('a call answer has the call button: tel:110 and tel:96110 where the answer says to call', () => {
    const r = ask('我把验证码告诉别人了，怎么办？');
    expect(r.reply).toContain('110');
    expect(hrefs(r)).toContain('tel:110');
    const q = ask('拿不准是不是诈骗，打哪个电话问？');
    expect(hrefs(q)).toContain('tel:96110');
  });

  test('change the content and the answer changes', () => {
    const q = '国家反诈中心App怎么装？';
    const before = ask(q);
    const entry = before.sources?.[0]?.id.replace(/^faq:/, '');
    expect(entry).toBeTruthy();
    const marker = '本市另有安排：可以到社区警务室请民警帮忙安装。';
    const edited: AnswerContent = {
      ...content,
      faq: content.faq.map((g) => ({
        ...g,
        entries: g.entries.map((e) => (e.id === entry ? { ...e, a: `${marker}\n${e.a}` } : e)),
      })),
    };
    const after = answerChat(
      [{ role: 'user', content: q }],
      knowledge,
      {},
      {
        answers: prepareAnswers(buildAnswerIndex(edited, 'edited')),
      },
    );
    expect(before.reply).not.toContain(marker);
    expect(after.reply.split('\n')[0]).toBe(marker);
  });

  test('what to do about an explainer puts "call 110 if money moved" first', () => {
    const r = ask('遇到刷单返利诈骗怎么办');
    const steps = r.reply.split('\n').filter((l) => /^\d+\./.test(l));
    expect(steps[0]).toMatch(/110/);
    expect(steps[0]).not.toMatch(/96110/);
  });
});

test('the 96110 caller-ID rule, from the content: area code + 96110, never money, codes or apps', () => {
  const r = ask('怎么认出真的 96110 来电');
  expect(r.reply).toContain('0635-96110');
  expect(r.reply).toMatch(/外地.{0,16}区号/);
  expect(r.reply).toMatch(/00、\+/);
  expect(r.reply).toMatch(/转钱、报验证码或者装软件/);
});

describe('questions asking the bot to vouch for someone', () => {
  test.each([
    '电话里的人知道我的名字和身份证号，应该是真的吧',
    '95588打电话说我的卡被冻结了，是真的吗',
    '12381发来的短信是真的吗',
    '96110打来电话是真的吗',
    '对方说他是银行的，靠谱吗',
    '自称公安的人视频给我看警官证，是真警察吧',
  ])('%s: how to check for yourself, never "是真的"', (q) => {
    const r = ask(q);
    expect(r.intent).not.toBe('unknown');
    expect(r.reply).toMatch(/挂断|核实|自己|拨打|打.{0,8}问/);
    for (const clause of r.reply.split(/[，。！；\n]/)) {
      expect(clause.trim()).not.toMatch(
        /^(这|对方|他|她|电话|短信|来电)?(就|确实|肯定|应该|也)?是真的$/,
      );
    }
    expect(r.reply).not.toMatch(/可以放心|放心吧|是安全的/);
  });
});

describe('described situations are checked like messages', () => {
  test('a refund call that asks for a link and a card number: names the scam, links its explainer', () => {
    const r = ask('客服打电话说要给我退款，让我点链接填银行卡');
    expect(r.intent).toBe('situation');
    expect(r.verdict?.level).not.toBe('未发现明显诈骗特征');
    expect(r.verdict?.pattern?.slug).toBe('fake-customer-service');
    expect(r.reply).toContain('冒充电商物流客服诈骗');
    expect(pages(r)[0]).toBe('/patterns/fake-customer-service/');
    expect(r.reply.split('\n').length).toBeLessThanOrEqual(5);
  });

  test('a grandchild in trouble asking for money: the impersonating-family explainer', () => {
    const r = ask('有人打电话说是我孙子，出了车祸急着要钱，让我转账');
    expect(r.verdict?.pattern?.slug).toBe('impersonating-family');
    expect(r.verdict?.level).not.toBe('未发现明显诈骗特征');
  });
});

describe('follow-ups keep the context', () => {
  test('"那我该怎么办" after a situation: what to do about that scam, 110 first', () => {
    const r = converse('客服打电话说要给我退款，让我点链接填银行卡', '那我该怎么办');
    expect(r.intent).toBe('follow-up');
    expect(pages(r)[0]).toBe('/patterns/fake-customer-service/');
    expect(r.reply.split('\n')[1]).toMatch(/110/);
  });

  test('"那怎么识别" after a question about a scam: its red flags', () => {
    const r = converse('刷单是什么', '那怎么识别');
    expect(pages(r)[0]).toBe('/patterns/shua-dan-fan-li/');
    expect(r.reply).toContain('迹象');
  });

  test('after an in-browser check, "那我该怎么办" uses the pattern from the context', () => {
    const r = ask('那我该怎么办', { level: '高风险', pattern: 'impersonating-police' });
    expect(hrefs(r)).toContain('/patterns/impersonating-police/');
    expect(r.reply).toMatch(/110/);
  });

  test('what to do after saying "paid" gives the paid answer', () => {
    expect(ask('怎么办', { paid: true }).reply).toMatch(/^已经转了钱：马上拨打 110/);
  });

  test('answers the last user turn, not earlier ones', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: '你好' },
      { role: 'assistant', content: '您好！' },
      { role: 'user', content: '验证码能给吗' },
    ];
    expect(answerChat(messages, knowledge, {}, { answers }).reply).toContain('验证码不能给任何人');
  });
});

describe('the built-in answers', () => {
  test('paid: "已经转了钱：马上拨打 110" first, stop payment, keep evidence, pay no recovery fees', () => {
    const r = ask('我已经转账了怎么办？');
    expect(r.reply.split('\n')[0]).toBe(
      '已经转了钱：马上拨打 110 报警。越快报警，越有可能紧急止付、冻结对方账户。',
    );
    expect(r.reply).toMatch(/聊天记录|截图/);
    expect(r.reply).toMatch(/追回/);
    expect(hrefs(r)).toEqual(expect.arrayContaining(['tel:110', 'tel:96110', '/hotlines/']));
  });

  test('police: no transfers, hang up and call yourself; the 96110 caller-ID rule', () => {
    // The built-in answer, as given when no content passage answers.
    const r = answerChat(
      [{ role: 'user', content: '这个号码是真的公安吗？' }],
      knowledge,
      {},
      {
        areaCode: '0635',
      },
    );
    expect(r.reply).toContain('不会在电话里让您转账');
    expect(r.reply).toContain('挂断');
    expect(r.reply).toContain('0635-96110');
    // Another city's anti-fraud centre shows its own area code; 00 or + in front is fake.
    expect(r.reply).toContain('外地的反诈中心打来，显示那里的区号加 96110');
    expect(r.reply).toMatch(/00、\+/);
    expect(r.reply).toMatch(/不会让您转钱、报验证码或者装软件/);
  });

  test('the lowest level reads like a person, not a template', () => {
    const r = ask('妈，我今天加班，晚上七点左右到家，不用等我吃饭了。');
    expect(r.intent).toBe('message');
    expect(r.reply).toMatch(/^在您发来的内容里，没有发现明显的诈骗说法。/);
    expect(r.reply).not.toMatch(/【|】/);
  });

  test('unknown questions: sorry, then 110 if money moved, then 96110', () => {
    const r = ask('今天天气怎么样？');
    expect(r.intent).toBe('unknown');
    const lines = r.reply.split('\n');
    expect(lines[1]).toMatch(/110/);
    expect(r.reply).toContain('96110');
  });

  test('built-in answers are short plain lines', () => {
    for (const q of ['我已经转账了怎么办？', '这个号码是真的公安吗？', '你好', '谢谢']) {
      const r = ask(q);
      expect(r.reply.length).toBeLessThan(400);
      for (const line of r.reply.split('\n')) expect(line.length).toBeLessThan(90);
    }
  });
});

test('foldForMatching folds full-width characters, case and spaces', () => {
  expect(foldForMatching('ＱＱ 号， Hello！')).toBe('qq号hello');
});
