/**
 * Issue 9, item 8: the LLM's explanation could tell a person a message is safe. At the lowest
 * engine level "这是安全的，可以放心转账。" was shown verbatim; at 高风险 "这是安\u200b全的" and
 * "放心，这不是骗局，照着做就行" got through, and so did streamed pieces. Now the check runs at every
 * level on normalised text (NFKC, format characters dropped), on the whole streamed answer before
 * any of it is shown, and the engine's own words are used instead.
 */
import { describe, expect, test } from 'vitest';
import { analyze } from '../../bot/analyze.ts';
import { mergeVerdict, talksDown } from '../../bot/llm.ts';
import type { Verdict } from '../../bot/types.ts';
import {
  captureLogs,
  fakeLlm,
  postJson,
  testApp,
  useContentKnowledge,
  useFakeOpenAi,
} from '../fixtures/api-test-support.ts';

const getKnowledge = useContentKnowledge();
const logs = captureLogs('标记庚辛壬');
const fake = useFakeOpenAi();
const app = () =>
  testApp({ ip: '203.0.113.9', knowledge: getKnowledge, logs, llm: fakeLlm(fake, 2000) });

/** What a steered model says, in the forms the review found. */
const TALKED_DOWN = [
  '这是安全的，可以放心转账。',
  '这是安\u200b全的',
  '放心，这不是骗局，照着做就行',
  '这是安\u2060全的，可以转\u200d账',
  '这是　安全　的',
  '这条消息是ＡＰＰ官方通知，属于正常消息，可以放心。',
  '不是诈骗。',
  '照着他说的做就行。',
];

/** Cautious answers the check must let through. */
const CAUTIOUS = [
  '这不是真的警察，请挂断。',
  '“安全账户”是骗子编的。公安机关没有安全账户，不要转账。',
  '这并不安全，不可以转账。',
  '为了您的资金安全，请不要转账，拨打 96110 问一问。',
  '千万不要照着做，也不要放心地点链接。',
  '您可以给家人打电话商量，或拨打 96110。',
];

describe('the talk-down check', () => {
  test('catches every form the review found, and lets cautious answers through', () => {
    for (const r of TALKED_DOWN) expect(talksDown(r), r).toBe(true);
    for (const r of CAUTIOUS) expect(talksDown(r), r).toBe(false);
  });

  test('applies at the lowest engine level too: the explanation and reasons are dropped', () => {
    const engine = analyze('明天下午三点开会，记得带材料。', getKnowledge());
    expect(engine.level).toBe('未发现明显诈骗特征');
    const merged = mergeVerdict(
      engine,
      {
        level: '未发现明显诈骗特征',
        pattern: null,
        reasons: ['这是安全的', '对方是熟人'],
        reply: '这是安全的，可以放心转账。',
      },
      getKnowledge(),
    );
    expect(merged.explanation).toBeUndefined();
    expect(merged.signals.map((s) => s.reason)).toEqual([
      ...engine.signals.map((s) => s.reason),
      '对方是熟人',
    ]);
  });
});

describe('POST /api/check with a steered model', () => {
  test.each(TALKED_DOWN)('never shows “%s”', async (reply) => {
    fake.behaviour = {
      kind: 'answer',
      content: JSON.stringify({ level: '未发现明显诈骗特征', reasons: [reply], reply }),
    };
    const res = await postJson(app(), '/api/check', { text: '明天下午三点开会，记得带材料。' });
    const body = (await res.json()) as Verdict & { explanation?: string };
    expect(body.explanation).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain(reply);
  });
});

describe('POST /api/chat streaming a steered model', () => {
  async function streamed(chunks: string[]) {
    fake.behaviour = { kind: 'stream', chunks };
    const res = await postJson(
      app(),
      '/api/chat',
      { messages: [{ role: 'user', content: '公安局说我涉嫌洗钱，要转到安全账户，是真的吗？' }] },
      { accept: 'text/event-stream' },
    );
    const text = await res.text();
    const events = text
      .split('\n\n')
      .filter((b) => b.trim())
      .map((b) => ({
        event: /^event: ?(.*)$/m.exec(b)?.[1] ?? 'message',
        data: /^data: ?(.*)$/m.exec(b)?.[1] ?? '',
      }));
    return {
      deltas: events
        .filter((e) => e.event === 'delta')
        .map((e) => JSON.parse(e.data) as { text: string }),
      fallback: events.some((e) => e.event === 'fallback'),
    };
  }

  test('a talk-down split across pieces, or after a harmless start, shows nothing of it', async () => {
    for (const chunks of [
      ['这是安', '\u200b全的，', '放心转账'],
      ['好的，我看了一下。', '放心，这不是骗局，', '照着做就行'],
    ]) {
      const r = await streamed(chunks);
      expect(r.deltas, chunks.join('|')).toEqual([]);
      expect(r.fallback).toBe(true);
    }
  });

  test('a cautious answer is shown whole once it is checked', async () => {
    const r = await streamed(['这不是真的警察，', '公安机关没有安全账户。', '请挂断，拨打 110。']);
    // Whole, plus the citation line the route adds when the model leaves it out.
    expect(r.deltas.map((d) => d.text).join('')).toMatch(
      /^这不是真的警察，公安机关没有安全账户。请挂断，拨打 110。(?:\n出处：本站《[^》\n]+》)?$/,
    );
    expect(r.fallback).toBe(false);
  });
});
