/**
 * What to do now, in short plain sentences: tailored to the level, to the pattern (its explainer's
 * dos and don'ts), to what was found (quoting the strongest red flags' own reasons rather than
 * restating them) and to whether the person has already paid. Hotline numbers come from the
 * knowledge (the city's site config).
 */
import type { Hotline, Level, PatternKnowledge } from './types.ts';

/** What the advice depends on. */
export interface AdviceInput {
  level: Level;
  pattern?: PatternKnowledge | undefined;
  /** The person says they already transferred money. */
  paid?: boolean | undefined;
  /** Reasons of the red flags found, strongest first (quoted as they are). */
  reasons: string[];
  /** True when something in the text is on the police blocklist. */
  listed: boolean;
  /** Nothing (or only blanks) was pasted. */
  empty: boolean;
  hotlines?: Hotline[] | undefined;
}

/** The national lines, used when the knowledge carries no hotlines (FACTS: 110, 96110). */
const DEFAULT_HOTLINES: Hotline[] = [
  { number: '110', name: '报警电话', emergency: true },
  { number: '96110', name: '反诈预警劝阻专线' },
];

function lines(hotlines: Hotline[] | undefined): { police: string; antiFraud: string } {
  const list = hotlines && hotlines.length > 0 ? hotlines : DEFAULT_HOTLINES;
  const police =
    list.find((h) => h.number === '110') ?? list.find((h) => h.emergency) ?? DEFAULT_HOTLINES[0];
  const antiFraud = list.find((h) => h.number.endsWith('96110')) ?? DEFAULT_HOTLINES[1];
  return { police: police?.number ?? '110', antiFraud: antiFraud?.number ?? '96110' };
}

/** Advice lines for a verdict, most urgent first, without repeats. */
export function adviceFor(input: AdviceInput): string[] {
  const { police, antiFraud } = lines(input.hotlines);
  const out: string[] = [];
  const add = (s: string | undefined) => {
    if (s && !out.includes(s)) out.push(s);
  };

  if (input.empty) {
    add('请把收到的短信、聊天消息或对方说的话粘贴进来，我帮您看看有没有诈骗的特征。');
    add(`拿不准的时候，可以拨打 ${antiFraud} 反诈专线问一问。`);
    return out;
  }

  if (input.paid) {
    add(
      `已经转账或汇款的，请立即拨打 ${police} 报警，说清转账的时间、金额和对方账户——越快报警，越有可能紧急止付、冻结对方账户。`,
    );
    add('保留好证据：聊天记录和转账记录截图、对方的账号、电话号码和链接，都不要删。');
    add('不要再付任何“解冻”“保证金”“手续费”之类的钱，再付只会被骗更多。');
    add('当心自称能“帮您追回损失”的人：追款要先收费的，是又一场诈骗。');
  }

  const tailored: string[] = [];
  if (input.listed)
    tailored.push('消息里的号码或网址已被公安机关通报为诈骗：请直接拉黑，不要回拨、不要点开。');
  tailored.push(...input.reasons);

  const dos = input.pattern?.dos ?? [];
  const donts = input.pattern?.donts ?? [];

  if (input.level === '高风险') {
    add('这很像诈骗。请不要转账、不要汇款，也不要把验证码、密码告诉任何人。');
    add('马上停止和对方联系：挂断电话，不要回复，不要点消息里的链接。');
    tailored.slice(0, 2).forEach(add);
    dos.slice(0, 2).forEach(add);
    donts.slice(0, 1).forEach(add);
    add(`拿不准的时候，拨打 ${antiFraud} 反诈专线问一问，也可以先和家里人商量。`);
  } else if (input.level === '可疑') {
    add('这条消息有可疑的地方，先别照着做。');
    add('不要转账，不要给验证码，不要点陌生链接。');
    tailored.slice(0, 2).forEach(add);
    add('自己用官方电话核实（银行卡背面、官网或官方APP上的号码），不要打对方给的号码。');
    dos.slice(0, 1).forEach(add);
    donts.slice(0, 1).forEach(add);
    add(`拿不准的时候，拨打 ${antiFraud} 反诈专线问一问。`);
  } else {
    add('暂时没有发现明显的诈骗特征，但这不等于可以放心，请继续留意。');
    add('凡是催您转账、要验证码、要您让对方看手机屏幕、先交钱才能拿钱的，都是诈骗。');
    add(`如果对方之后开始要钱、要验证码，请先停下来，拨打 ${antiFraud} 问一问。`);
  }
  return out;
}
