/**
 * Reads a resident's question: what it is about (the words left once the question's scaffolding
 * is taken out), which part of a topic it wants (what it is, how to tell, what to do), whether it
 * asks the bot to vouch for someone, and whether it tells a situation rather than asks.
 */
import { bigrams, runs, words } from '../search/tokenize.ts';
import type { Facet } from './passages.ts';

/**
 * The scaffolding of a question: particles, pronouns and question words carry no topic, and their
 * bigrams ("的吗", "我的") would match passages at random. Longer phrases first, so they go whole.
 */
const SCAFFOLDING = `
请问一下 我想问一下 我想问 想问一下 问一下 请问 帮我看看 帮我看一下
是真的吗 是真的吧 是真是假 真的假的 是不是真的 是不是 真的吗 靠不靠谱 靠谱吗 可不可信 可信吗
能不能信 能信吗 可靠吗 正规吗 安全吗 有没有用 要注意什么 注意什么 要注意 注意事项
怎么办呢 怎么办 咋办 怎么回事 怎么样 怎么弄 怎么做 怎么 怎样 如何 为什么 为啥
什么意思 什么样 什么 干什么 干嘛 啥 哪里 哪儿 哪个 能不能 可不可以 可以吗 行不行 行吗 能吗
会不会 要不要 需不需要 有没有 应该 需要 一下 一个 这个 那个 这种 那种 这样 那样 这些 那些
我们 他们 她们 你们 自己 别人说 人家 已经 刚才 刚刚 现在 今天 昨天 最近 还是 还有 但是
而且 然后 所以 因为 如果 就是 只是 还要 一直 真的 有什么 有哪些 哪些 的时候 时候 还能 多久 多长时间
`
  .split(/\s+/)
  .filter(Boolean);
// Single characters only where they almost never start a content word ("过" would cut 过期).
const PARTICLES = /[吗呢吧啊呀哦嘛了的我你您他她它这那就都也是该]/g;

/**
 * Words for the same thing, folded into one, on both sides: the question and the passages it is
 * matched against (bot/answers/answer.ts indexes the folded text), so "警察" finds "警官".
 */
const SAME_AS: [RegExp, string][] = [
  [/反诈(app|软件|应用)|(反诈|防骗)的?(app|软件)/g, '国家反诈中心app'],
  [/(手机)?软件|应用程序/g, 'app'],
  [/警察|警官|民警/g, '警察'],
  [/犯法/g, '违法'],
  [/亲人|家里人|亲戚/g, '家人'],
  // For retrieval a son, a daughter or a grandchild in trouble is one role; the content says 孙子.
  [/儿子|女儿|孙女|外孙|孩子/g, '孙子'],
  [/老同学|同学|战友|老乡|老朋友/g, '熟人'],
  [/撤回|撤销|要回来|拿回来|拿回|要回/g, '追回'],
  [/渠道|途径/g, '办法'],
  [/证据/g, '截图'],
  [/骗子/g, '诈骗'],
  [/老人家|老年人|老人/g, '老年人'],
];

const FACET_RULES: [Facet, RegExp][] = [
  [
    'todo',
    /怎么办|咋办|怎么处理|如何处理|怎么应对|如何应对|该做什么|该怎么|怎么做|要注意什么|注意什么|怎么补救|能追回|追回|要回来|报警吗/,
  ],
  [
    'signs',
    /怎么识别|如何识别|怎么辨别|如何辨别|怎么分辨|怎么区分|怎么判断|如何判断|怎么看出|怎么认出|怎么知道.{0,6}(真|假|骗)|有什么特征|特征|有什么特点|破绽|迹象/,
  ],
  ['how', /怎么骗|骗人的|套路|手法|是怎么回事|怎么回事/],
  ['what', /什么是|是什么|什么叫|啥是|是啥|什么意思|指什么|是干什么的|是做什么的|干嘛的|干什么的/],
];

/** Asks the bot to say someone is genuine: answered with how to check, never with "真的". */
const VOUCH =
  /是真的吗|是真的吧|真的假的|是真是假|是不是真的|真的是.{1,8}吗|靠谱吗|靠不靠谱|可信吗|可不可信|能信吗|能不能信|信得过吗|可靠吗|正规吗|是不是骗子|是骗子吗|是不是诈骗|是诈骗吗|是不是骗人|是骗人的吗|会不会是骗/;

/** Someone telling what happened to them ("有人打电话说…", "对方让我…"). */
const NARRATIVE_START =
  /^(有人|有个人|有一个人|一个人|一个自称|自称|对方|那人|那个人|他|她|客服|刚才|刚刚|今天|昨天|前天|最近|早上|上午|下午|晚上|收到|接到|老人接到|我妈|我爸|我(接到|收到|刚接到|刚收到|在网上|在微信|在抖音|网上|朋友|儿子|女儿|孙子|孙女|家|老伴|老公|老婆|妈|爸)|电话里|短信里|网上|微信上|群里|一个陌生|陌生人|[\w\d]{3,12}(打电话|来电|发短信|发来))/;
const REPORTED =
  /说|让我|叫我|要我|要求我|让俺|通知我|告诉我|打电话|打来|来电|发短信|发来|发消息|加我|拉我|找我/;
/**
 * Told in the first person ("让我转钱给他", "给我打电话"): a pasted scam message speaks to "您",
 * a resident telling what happened says what was asked of "我".
 */
const ASKED_OF_ME = /让我|叫我|要我|要求我|通知我|问我|给我打|给我发|找我|加我|拉我|说我/;
/** Reported speech ("说可以退费", "让加微信") in a text that never says 您: told, not pasted. */
const TOLD = /(?<!据|听)说(?!明|法|好)|让我|叫我|要我|让加|要加/;

/**
 * One run of the topic: a Chinese run as its bigrams, a single Chinese character ("装" in 怎么装),
 * or a number/Latin word whole.
 */
export type TopicRun =
  { han: true; bigrams: string[] } | { han: false; token: string } | { char: string };

/** What the question is about and what it wants. */
export interface QuestionShape {
  /** Bigrams and number/Latin words of the topic, scaffolding taken out. */
  terms: string[];
  /** Single characters left between the scaffolding ("装" in 怎么装). */
  chars: string[];
  /** The same, run by run, to tell how much of the topic a passage covers. */
  runs: TopicRun[];
  /** Whole words (segmenter), which rank a passage higher. */
  words: string[];
  /**
   * Bigrams of the question as asked, scaffolding and all ("怎么举报"): they only tip the balance
   * towards a passage asked the same way, such as a 常见问题 entry.
   */
  wording: string[];
  facet?: Facet | undefined;
  vouch: boolean;
  /** Tells what happened rather than asks. */
  narrative: boolean;
}

/** Full-width to half-width, lower case, one space for any run of spaces. */
export function foldWidth(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .toLowerCase();
}

/** The topic words of a question, with its scaffolding replaced by breaks. */
/**
 * A text with its words folded for matching: half-width and lower case, no space inside Chinese or
 * next to a number or Latin word ("反诈 App" is "反诈app"), and words for the same thing made one.
 */
export function canonical(text: string): string {
  // Spaces inside Chinese (voice input, "验 证 码") and around a number or Latin word go.
  let t = foldWidth(text).replace(
    /(?<=\p{Script=Han})\s+(?=[\p{Script=Han}a-z0-9])|(?<=[a-z0-9])\s+(?=\p{Script=Han})/gu,
    '',
  );
  for (const [re, to] of SAME_AS) t = t.replace(re, to);
  return t;
}

export function topicText(text: string): string {
  let t = canonical(text).replace(FRAME, '|');
  for (const s of SCAFFOLDING) t = t.split(s).join('|');
  return t.replace(PARTICLES, '|');
}

/**
 * How much of the topic a set of matched terms covers, by characters: a character counts when a
 * matched bigram holds it, so a stray bigram across two words ("单被" in 刷单被骗) costs nothing
 * when both words match. A Latin word counts as two characters, a number as four.
 */
export function topicCoverage(shape: QuestionShape, matched: ReadonlySet<string>): number {
  let covered = 0;
  let total = 0;
  for (const r of shape.runs) {
    if ('char' in r) {
      // A lone character counts when a matched term holds it ("安装" for 装), at half weight.
      total += 0.5;
      if ([...matched].some((m) => !m.startsWith('w:') && m.includes(r.char))) covered += 0.5;
      continue;
    }
    if (!r.han) {
      // A number names its topic outright ("96110", "12381"): it weighs like a four-character word.
      const weight = /^\d{3,}$/.test(r.token) ? 4 : 2;
      total += weight;
      if (matched.has(r.token)) covered += weight;
      continue;
    }
    const hit = new Array<boolean>(r.bigrams.length + 1).fill(false);
    r.bigrams.forEach((b, i) => {
      if (matched.has(b)) hit[i] = hit[i + 1] = true;
    });
    total += hit.length;
    covered += hit.filter(Boolean).length;
  }
  return total === 0 ? 0 : covered / total;
}

/**
 * The frame of a told situation ("收到…短信说", "客服说"): receiving and saying are not what it is
 * about ("短信说" would match every passage about texts); who said it stays.
 */
const FRAME =
  /(收到|接到)(?=(一条|一个|个)?(短信|电话|消息|微信|信息))|(?<=(短信|电话|消息|微信|信息|客服|对方|有人|那人|他|她)(里|上)?)(说|讲)/g;

/** Reads a question. */
export function readQuestion(text: string): QuestionShape {
  const folded = foldWidth(text).replace(/\s+/g, '');
  const topic = topicText(text);
  const topicRuns: TopicRun[] = [];
  const wordList: string[] = [];
  for (const run of runs(topic)) {
    if (/\p{Script=Han}/u.test(run)) {
      if (Array.from(run).length >= 2) topicRuns.push({ han: true, bigrams: bigrams(run) });
      else topicRuns.push({ char: run });
      wordList.push(...words(run));
    } else if (run.length >= 2) {
      topicRuns.push({ han: false, token: run });
    }
  }
  const terms = topicRuns.flatMap((r) => ('char' in r ? [] : r.han ? r.bigrams : [r.token]));
  const chars = topicRuns.flatMap((r) => ('char' in r ? [r.char] : []));
  const wording = runs(canonical(text))
    .filter((r) => /\p{Script=Han}/u.test(r))
    .flatMap((r) => bigrams(r));
  return {
    wording: [...new Set(wording)].filter((b) => !terms.includes(b)),
    terms: [...new Set(terms)],
    chars: [...new Set(chars)],
    runs: topicRuns,
    words: [...new Set(wordList)],
    facet: FACET_RULES.find(([, re]) => re.test(folded))?.[0],
    vouch: VOUCH.test(folded),
    narrative:
      (NARRATIVE_START.test(folded) && REPORTED.test(folded)) ||
      ((ASKED_OF_ME.test(folded) || TOLD.test(folded)) && !/您/.test(folded)),
  };
}
