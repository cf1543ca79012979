/**
 * Follow-up questions for the offline chat: recognises what a worried person asks after a check
 * ("我已经转账了怎么办？", "验证码能给吗") and answers in short plain sentences grounded in the engine's
 * verdict and the explainers. Pure: no Node, DOM or Hono; the API and the CLI call it alike.
 */
import { analyze } from './analyze.ts';
import {
  LEVELS,
  type Knowledge,
  type Level,
  type PatternKnowledge,
  type Verdict,
} from './types.ts';

/** One turn of the conversation, as the island sends it. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * What the island already knows from its in-browser check, so follow-ups are grounded without the
 * checked message itself ever leaving the phone.
 */
export interface ChatContext {
  level?: Level | undefined;
  /** Pattern slug from the in-browser verdict. */
  pattern?: string | undefined;
  /** The person said they already paid. */
  paid?: boolean | undefined;
}

export interface ChatLink {
  href: string;
  label: string;
}

export const CHAT_INTENTS = [
  'paid',
  'police',
  'report',
  'safe-account',
  'verification-code',
  'pattern-info',
  'what-to-do',
  'message',
  'greeting',
  'thanks',
  'unknown',
] as const;
export type ChatIntent = (typeof CHAT_INTENTS)[number];

export interface ChatReply {
  /** Short plain sentences, one per line. */
  reply: string;
  /** Set when the last turn was a pasted message the engine checked. */
  verdict?: Verdict;
  links: ChatLink[];
  /** Which question was recognised; for tests and the LLM prompt, never logged with text. */
  intent: ChatIntent;
}

export interface ChatOptions {
  /** The city's telephone area code, to describe a genuine 96110 call (e.g. 0635-96110). */
  areaCode?: string | undefined;
}

/** Links reused across answers. `tel:` links dial at one tap on a phone. */
export const LINKS = {
  call110: { href: 'tel:110', label: '拨打 110 报警' },
  call96110: { href: 'tel:96110', label: '拨打 96110 咨询' },
  report: { href: '/report/', label: '在本站举报' },
  check: { href: '/check/', label: '再查一条消息' },
} as const satisfies Record<string, ChatLink>;

/** Link to a pattern's explainer page. */
export function patternLink(p: { slug: string; title: string }): ChatLink {
  return { href: `/patterns/${p.slug}/`, label: `了解：${p.title}` };
}

/**
 * Folds what people type loosely into one form for matching: full-width letters and digits to
 * half-width, lower case, no spaces or punctuation (elderly users often type "验 证 码" or use
 * voice input that inserts commas).
 */
export function foldForMatching(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .toLowerCase()
    .replace(/[\s,.!?;:'"，。！？；：、“”‘’（）()【】《》~～…·-]+/g, '');
}

const RULES: { intent: ChatIntent; test: RegExp }[] = [
  {
    intent: 'paid',
    test: /(已经|已|刚才|刚刚|不小心).{0,8}(转账|转了|转过去|汇款|汇了|付款|付了|打款|打钱|给了.{0,3}钱|交了|充值|充了)|被骗了|上当了|钱被骗|被人骗/,
  },
  { intent: 'verification-code', test: /验证码|校验码|动态码|短信码/ },
  { intent: 'safe-account', test: /安全账户|安全帐户|安全账号|资金清查|清查账户/ },
  {
    intent: 'police',
    test: /(公安|警察|民警|警官|派出所|检察|法院|公检法|96110|110).{0,12}(真的|真是|假的|真假|是不是|可信|可靠|打来|来电)|(真的|真是|是不是|假的|真假).{0,12}(公安|警察|民警|警官|派出所|检察|法院|公检法|96110)/,
  },
  { intent: 'report', test: /举报|报案|报警|投诉|反映|揭发/ },
  { intent: 'what-to-do', test: /怎么办|怎么做|该做什么|咋办|怎么处理|要注意什么/ },
  { intent: 'thanks', test: /^(谢谢|多谢|感谢|好的|知道了|明白了|懂了|好)(你|您|啦|了)?$/ },
  { intent: 'greeting', test: /^(你好|您好|在吗|在不在|有人吗|喂|hi|hello|嗨|哈喽)(啊|呀)?$/ },
];

/** Someone telling what happened, rather than pasting what they received. */
const NARRATIVE = /^(我|他|她|对方|有人|那人|刚才|刚刚|今天|昨天)/;

const QUESTION = /吗|呢|什么|怎么|怎样|如何|能不能|可不可以|是不是|为什么|啥|哪|么$|？|\?/;

/** Questions are short; anything longer, or with a link or long number in it, is a message. */
const MAX_QUESTION_CHARS = 40;
const LOOKS_LIKE_MESSAGE = /https?:\/\/|www\.|\d{7,}|【[^】]{2,12}】/i;

function findPatternInQuestion(folded: string, knowledge: Knowledge): PatternKnowledge | undefined {
  for (const p of knowledge.patterns) {
    const names = [p.title, p.title.replace(/诈骗$/, ''), ...p.aliases]
      .map(foldForMatching)
      .filter((n) => n.length >= 2);
    if (names.some((n) => folded.includes(n))) return p;
  }
  return undefined;
}

function findPattern(knowledge: Knowledge, slug: string | undefined): PatternKnowledge | undefined {
  return slug ? knowledge.patterns.find((p) => p.slug === slug) : undefined;
}

/** The explainer red flag that mentions `phrase`, to quote its reason in an answer. */
function findRedFlag(knowledge: Knowledge, phrase: RegExp) {
  for (const p of knowledge.patterns) {
    for (const f of p.redFlags) {
      const mentions = phrase.test(f.label) || f.phrases.some((ph) => phrase.test(ph));
      if (mentions) return { pattern: p, flag: f };
    }
  }
  return undefined;
}

/**
 * Sorts out what the last user turn is: a question we know, or a forwarded message to check. A
 * short text with no question word that the engine finds risky is a message ("请把钱转到安全账户"),
 * not a question about 安全账户.
 */
function classify(
  text: string,
  knowledge: Knowledge,
  paid: boolean,
): { intent: ChatIntent; verdict?: Verdict } {
  const folded = foldForMatching(text);
  if (!folded) return { intent: 'unknown' };
  const message = () => ({
    intent: 'message' as const,
    verdict: analyze(text, knowledge, { paid }),
  });
  if (folded.length > MAX_QUESTION_CHARS || LOOKS_LIKE_MESSAGE.test(text)) return message();
  const asks = QUESTION.test(text);
  const rule = RULES.find((r) => r.test.test(folded));
  // "他让我把验证码告诉他" tells what happened: answer the question it implies, not "this message".
  const narrative = NARRATIVE.test(folded);
  if (!asks && folded.length >= 8 && !(rule && narrative)) {
    const checked = message();
    if (checked.verdict.level !== LEVELS[2]) return checked;
  }
  if (rule) return { intent: rule.intent };
  if (asks) {
    return { intent: findPatternInQuestion(folded, knowledge) ? 'pattern-info' : 'unknown' };
  }
  return folded.length >= 8 && !narrative ? message() : { intent: 'unknown' };
}

/** Which question the text asks (or `message` for a forwarded message). Exported for tests. */
export function classifyQuestion(text: string, knowledge: Knowledge): ChatIntent {
  return classify(text, knowledge, false).intent;
}

const lines = (...parts: (string | false | undefined)[]) => parts.filter(Boolean).join('\n');

function levelSentence(v: Verdict): string {
  switch (v.level) {
    case '高风险':
      return '您发来的内容【高风险】，很像诈骗。请不要转账，不要点链接，不要给验证码。';
    case '可疑':
      return '您发来的内容【可疑】，有诈骗常见的说法。先别照着做，找家人或打 96110 问一问。';
    default:
      return '您发来的内容【未发现明显诈骗特征】。但凡是让您转账、给验证码的，都请先核实。';
  }
}

/** Explains an engine verdict in a few plain lines. */
export function explainVerdict(v: Verdict): { reply: string; links: ChatLink[] } {
  const reasons = v.signals
    .filter((s) => s.reason)
    .slice(0, 3)
    .map((s) => `· ${s.label}：${s.reason}`);
  const listed = v.listed?.length
    ? `里面的${v.listed[0]?.display ?? '号码'}已被公安机关通报为涉诈信息。`
    : undefined;
  const links: ChatLink[] = [];
  if (v.pattern) links.push(patternLink(v.pattern));
  if (v.level !== LEVELS[2]) links.push(LINKS.call96110);
  links.push(LINKS.report);
  return {
    reply: lines(
      levelSentence(v),
      v.pattern && `它像「${v.pattern.title}」。`,
      listed,
      reasons.length > 0 && '原因：',
      ...reasons,
      v.advice.length > 0 && '您可以这样做：',
      ...v.advice.slice(0, 3).map((a, i) => `${i + 1}. ${a}`),
    ),
    links,
  };
}

/** Answers the conversation's last user turn. */
export function answerChat(
  messages: readonly ChatMessage[],
  knowledge: Knowledge,
  context: ChatContext = {},
  options: ChatOptions = {},
): ChatReply {
  const last = [...messages].reverse().find((m) => m.role === 'user');
  const text = last?.content.trim() ?? '';
  const { intent, verdict: checked } = classify(text, knowledge, context.paid ?? false);
  const pattern = findPattern(knowledge, context.pattern);
  const areaCode = options.areaCode
    ? `${options.areaCode}-96110`
    : '当地区号加 96110（如 010-96110）';
  const withPattern = (links: ChatLink[]) => (pattern ? [...links, patternLink(pattern)] : links);

  switch (intent) {
    case 'paid':
      return {
        intent,
        reply: lines(
          '别慌，现在就做这几件事：',
          '1. 马上拨打 110 报警。越快报警，越有可能紧急止付、冻结对方账户。',
          '2. 记下对方的账号、电话、聊天记录和转账截图，不要删除。',
          '3. 不要再转钱。说能帮您“追回钱款”、要先交手续费的，也是骗子。',
          '4. 告诉家人，也可以拨打 96110 问下一步怎么办。',
        ),
        links: withPattern([LINKS.call110, LINKS.call96110, LINKS.report]),
      };
    case 'police':
      return {
        intent,
        reply: lines(
          '真的公安、检察院、法院，不会在电话里让您转账，也没有“安全账户”。',
          '不要在这个电话里核实。先挂断，再自己拨打 110 或 96110 问。',
          `96110 是反诈专线。真的 96110 来电显示为 ${areaCode}，请一定接听。`,
          '如果号码前面带 00、+ 或别的奇怪数字，那是假的。',
        ),
        links: withPattern([LINKS.call110, LINKS.call96110]),
      };
    case 'report':
      return {
        intent,
        reply: lines(
          '有三种办法举报：',
          '1. 在本站“举报”页面填写，不用写真名也可以。',
          '2. 用手机上的“国家反诈中心”App，点“我要举报”。',
          '3. 拨打 96110 反诈专线。',
          '如果已经被骗了钱，请直接拨打 110 报警。',
        ),
        links: [LINKS.report, LINKS.call96110, LINKS.call110],
      };
    case 'safe-account': {
      const found = findRedFlag(knowledge, /安全账户|安全帐户/);
      return {
        intent,
        reply: lines(
          '“安全账户”是骗子编出来的，根本不存在。',
          '公安、检察院、法院和银行，都不会让您把钱转到什么“安全账户”。',
          found && `${found.flag.reason}`,
          '凡是让您把钱转到“安全账户”的，一定是诈骗。请挂断，打 110。',
        ),
        links: found
          ? [patternLink(found.pattern), LINKS.call110, LINKS.call96110]
          : [LINKS.call110, LINKS.call96110],
      };
    }
    case 'verification-code':
      return {
        intent,
        reply: lines(
          '验证码不能给任何人。',
          '验证码就像您银行卡和微信的钥匙。给了别人，对方就能转走您的钱。',
          '银行、客服、警察都不会向您要验证码。谁来要，谁就可能是骗子。',
          '如果已经给了，马上给银行打电话冻结账户，并拨打 110。',
        ),
        links: withPattern([LINKS.call110, LINKS.call96110]),
      };
    case 'pattern-info': {
      const p = findPatternInQuestion(foldForMatching(text), knowledge);
      if (p) {
        return {
          intent,
          reply: lines(
            `「${p.title}」：${p.summary}`,
            p.redFlags.length > 0 &&
              `要当心：${p.redFlags
                .slice(0, 3)
                .map((f) => f.label)
                .join('、')}。`,
            p.donts[0] && `千万不要：${p.donts[0]}`,
            p.dos[0] && `应该这样做：${p.dos[0]}`,
          ),
          links: [patternLink(p), LINKS.call96110],
        };
      }
      break;
    }
    case 'what-to-do': {
      if (context.paid)
        return answerChat([{ role: 'user', content: '我已经转账了' }], knowledge, context, options);
      const dos = pattern?.dos.slice(0, 3) ?? [];
      const risky = context.level === '高风险' || context.level === '可疑';
      return {
        intent,
        reply: lines(
          risky && '先停下来：不要转账，不要点链接，不要给验证码，不要下载对方让您装的软件。',
          ...dos.map((d, i) => `${i + 1}. ${d}`),
          dos.length === 0 && '拿不准的话，先挂断或不回复，找家人商量，或打 96110 问。',
          '如果已经转了钱，马上拨打 110。',
        ),
        links: withPattern([LINKS.call96110, LINKS.call110]),
      };
    }
    case 'message': {
      const verdict = checked ?? analyze(text, knowledge, { paid: context.paid ?? false });
      const { reply, links } = explainVerdict(verdict);
      return { intent, reply, verdict, links };
    }
    case 'greeting':
      return {
        intent,
        reply: lines(
          '您好！我是反诈小助手。',
          '您可以把收到的可疑短信、聊天消息粘贴给我，我帮您看看。',
          '也可以问我：“验证码能给吗？”“我已经转账了怎么办？”',
        ),
        links: [LINKS.check, LINKS.call96110],
      };
    case 'thanks':
      return {
        intent,
        reply: lines('不客气！', '以后遇到让您转账、给验证码的事，先停一停，问问家人或打 96110。'),
        links: [LINKS.call96110],
      };
    case 'unknown':
      break;
  }
  return {
    intent: 'unknown',
    reply: lines(
      '这个问题我还答不好，对不起。',
      '您可以把收到的短信、聊天消息原样粘贴给我，我帮您看看。',
      '也可以拨打 96110 反诈专线，直接问民警。',
      '如果已经转了钱，请马上拨打 110。',
    ),
    links: [LINKS.call96110, LINKS.call110],
  };
}
