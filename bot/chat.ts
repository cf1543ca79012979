/**
 * The chat: tells a pasted message from a question, checks messages and described situations with
 * the engine, and answers questions from the site's own content (bot/answers/), with follow-ups
 * that keep the topic ("那我该怎么办"). Pure: no Node, DOM or Hono; the API, the CLI and the
 * browser call it alike, so offline answers are the same everywhere.
 */
import { analyze } from './analyze.ts';
import {
  bestPassage,
  composeAnswer,
  findPassages,
  MAX_ANSWER_LINES,
  passageForTopic,
  rankPatterns,
  VERIFY_ENTRY,
  type PreparedAnswers,
} from './answers/answer.ts';
import type { Passage } from './answers/passages.ts';
import { foldWidth, readQuestion, type QuestionShape } from './answers/question.ts';
import { pageUrl, patternUrl } from './content-urls.ts';
import {
  LOOKS_LIKE_MESSAGE,
  MAX_QUESTION_CHARS,
  QUESTION_WORDS as QUESTION,
} from './chat-limits.ts';
import { SUSPICIOUS_AT } from './score.ts';
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
  'safe-account',
  'verification-code',
  'answer',
  'vouch',
  'situation',
  'follow-up',
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
  /** Set when the last turn was a pasted message or a described situation the engine checked. */
  verdict?: Verdict;
  links: ChatLink[];
  /** Which kind of turn was recognised; for tests and the LLM prompt, never logged with text. */
  intent: ChatIntent;
  /** The explainer the answer is about, if any. */
  pattern?: { slug: string; title: string };
  /** The content passages the answer was drawn from, best first: what an LLM may ground on. */
  sources?: Passage[];
}

export interface ChatOptions {
  /** The city's telephone area code, to describe a genuine 96110 call (e.g. 0635-96110). */
  areaCode?: string | undefined;
  /** The content to answer questions from; without it, only the built-in answers are given. */
  answers?: PreparedAnswers | undefined;
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
  return { href: patternUrl(p.slug), label: `了解：${p.title}` };
}

/**
 * Folds what people type loosely into one form for matching: full-width letters and digits to
 * half-width, lower case, no spaces or punctuation (elderly users often type "验 证 码" or use
 * voice input that inserts commas).
 */
export function foldForMatching(text: string): string {
  return foldWidth(text).replace(/[\s,.!?;:'"，。！？；：、“”‘’（）()【】《》~～…·-]+/g, '');
}

const RULES: { intent: ChatIntent; test: RegExp }[] = [
  {
    intent: 'paid',
    test: /(已经|已|刚才|刚刚|不小心).{0,8}(转账|转了|转过去|汇款|汇了|付款|付了|打款|打钱|给了.{0,3}钱|交了|充值|充了)|被骗了|上当了|钱被骗|被人骗/,
  },
  { intent: 'verification-code', test: /验证码|校验码|动态码|短信码/ },
  { intent: 'safe-account', test: /安全账户|安全帐户|安全账号|资金清查|清查账户/ },
  {
    // A call or message from "the police" (or 96110 itself), asked about: is it genuine?
    intent: 'police',
    test: /96110.{0,12}(真|假|是不是|可信|可靠|打来|来电|电话)|(公安|警察|民警|警官|公检法).{0,10}(打来|来电|打电话|电话|视频).{0,10}(真|假|是不是|可信|可靠)|(真的|是不是|假的|真假).{0,6}(公安|警察|民警|警官|公检法)/,
  },
  { intent: 'what-to-do', test: /怎么办|怎么做|该做什么|咋办|怎么处理|要注意什么/ },
  { intent: 'thanks', test: /^(谢谢|多谢|感谢|好的|知道了|明白了|懂了|好)(你|您|啦|了)?$/ },
  { intent: 'greeting', test: /^(你好|您好|在吗|在不在|有人吗|喂|hi|hello|嗨|哈喽)(啊|呀)?$/ },
];

/** A follow-up with no topic of its own: it continues from the last answer or check. */
const FOLLOW_UP =
  /^(那|那么|然后|所以|好的|好|嗯|哦|这样的话)?(我|我们)?(该|应该|要|可以|还要|还能|还)?(怎么办|咋办|怎么做|怎么处理|做什么|干什么|然后呢|接下来呢?|怎么识别|怎么辨别|怎么防|怎么防范|怎么预防|要报警吗|要不要报警|还能追回吗|钱还能要回来吗|是怎么骗的|为什么)(呢|啊|呀)?$/;

/** Someone telling what happened, rather than pasting what they received. */
const NARRATIVE = /^(我|他|她|对方|有人|那人|刚才|刚刚|今天|昨天)/;

/**
 * A sentence that says someone IS genuine ("是真的。", "对方确实是真的"): never said in answer to a
 * question asking the bot to vouch. Negated forms ("不能说明对方是真的") are other clauses.
 */
const VOUCHES_REAL =
  /^(这|这个|那|那个|它|对方|他|她|电话|短信|来电|号码)?(就|确实|肯定|应该|也)?是真的(公安|警察|民警|银行|客服|官方)?$/;

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

type Turn =
  | { kind: 'message'; verdict: Verdict }
  | { kind: 'rule'; intent: ChatIntent }
  | { kind: 'follow-up'; shape: QuestionShape }
  | { kind: 'situation'; shape: QuestionShape }
  | { kind: 'question'; shape: QuestionShape }
  | { kind: 'unknown' };

/**
 * Sorts out what a user turn is. A short text with no question word that the engine finds risky is
 * a message ("请把钱转到安全账户"), not a question about 安全账户; a text that tells what happened
 * ("客服打电话说要退款，让我点链接") is a situation, checked like a message.
 */
function classify(
  text: string,
  knowledge: Knowledge,
  paid: boolean,
  answers: PreparedAnswers | undefined,
): Turn {
  const folded = foldForMatching(text);
  if (!folded) return { kind: 'unknown' };
  const shape = readQuestion(text);
  const message = (): Turn => ({ kind: 'message', verdict: analyze(text, knowledge, { paid }) });
  const asks = QUESTION.test(text) || shape.vouch;
  if (
    (folded.length > MAX_QUESTION_CHARS && !(answers && shape.narrative && asks)) ||
    LOOKS_LIKE_MESSAGE.test(text)
  ) {
    return answers && shape.narrative && !LOOKS_LIKE_MESSAGE.test(text)
      ? { kind: 'situation', shape }
      : message();
  }
  const rule = RULES.find((r) => r.test.test(folded));
  // "他让我把验证码告诉他" tells what happened: answer the question it implies, not "this message".
  const narrative = NARRATIVE.test(folded);
  if (!asks && folded.length >= 8 && !(rule && narrative) && !shape.narrative) {
    const checked = message();
    if (checked.kind === 'message' && checked.verdict.level !== LEVELS[2]) return checked;
  }
  if (rule?.intent === 'paid') return { kind: 'rule', intent: 'paid' };
  if (rule?.intent === 'greeting' || rule?.intent === 'thanks')
    return { kind: 'rule', intent: rule.intent };
  if (answers && FOLLOW_UP.test(folded)) return { kind: 'follow-up', shape };
  if (answers && shape.narrative && !shape.vouch && !QUESTION.test(text)) {
    return { kind: 'situation', shape };
  }
  // Content answers first: the built-in answers below are the floor when content has none.
  if (answers && (asks || shape.narrative || folded.length < 8 || rule)) {
    if (bestPassage(answers, shape)) return { kind: 'question', shape };
  }
  if (rule) return { kind: 'rule', intent: rule.intent };
  if (answers && shape.narrative) return { kind: 'situation', shape };
  // A short statement the engine finds nothing in ("有人要高价收我的微信号") is an implied
  // question: answer it from the content when the content covers most of it (a family text such
  // as "妈，我晚上回家吃饭" covers nothing and stays a checked message).
  if (answers && !asks && (bestPassage(answers, shape)?.coverage ?? 0) >= 0.5) {
    return { kind: 'question', shape };
  }
  if (asks) {
    return findPatternInQuestion(folded, knowledge)
      ? { kind: 'rule', intent: 'pattern-info' }
      : { kind: 'unknown' };
  }
  return folded.length >= 8 && !narrative ? message() : { kind: 'unknown' };
}

/** Which kind of turn the text is (or `message` for a forwarded message). Exported for tests. */
export function classifyQuestion(
  text: string,
  knowledge: Knowledge,
  answers?: PreparedAnswers,
): ChatIntent {
  const turn = classify(text, knowledge, false, answers);
  switch (turn.kind) {
    case 'message':
      return 'message';
    case 'rule':
      return turn.intent;
    case 'question':
      return turn.shape.vouch ? 'vouch' : 'answer';
    case 'follow-up':
      return 'follow-up';
    case 'situation':
      return 'situation';
    case 'unknown':
      return 'unknown';
  }
}

const lines = (...parts: (string | false | undefined)[]) => parts.filter(Boolean).join('\n');

function levelSentence(v: Verdict): string {
  switch (v.level) {
    case '高风险':
      return '您发来的这段话很像诈骗（高风险）。请不要转账，不要点链接，也不要把验证码告诉对方。';
    case '可疑':
      return '您发来的这段话里有骗子常用的说法（可疑）。先别照着做，问问家里人，或者打 96110 问一问。';
    default:
      return '在您发来的内容里，没有发现明显的诈骗说法。不过，凡是让您转账、给验证码的，都请先核实。';
  }
}

/** Explains an engine verdict in a few plain lines. */
export function explainVerdict(v: Verdict): { reply: string; links: ChatLink[] } {
  const reasons = v.signals
    .filter((s) => s.reason)
    .slice(0, 2)
    .map((s) => `· ${s.label}：${s.reason}`);
  const listed = v.listed?.length
    ? `里面的 ${v.listed[0]?.display ?? '号码'}，已经被公安机关通报为涉诈信息。`
    : undefined;
  const links: ChatLink[] = [];
  if (v.pattern) links.push(patternLink(v.pattern));
  if (v.level !== LEVELS[2]) links.push(LINKS.call96110);
  links.push(LINKS.report);
  return {
    reply: lines(
      levelSentence(v),
      v.pattern && `它很像「${v.pattern.title}」。`,
      listed,
      reasons.length > 0 && '要当心的地方：',
      ...reasons,
      v.advice.length > 0 && '现在就这样做：',
      ...v.advice.slice(0, 3).map((a, i) => `${i + 1}. ${a}`),
    ),
    links,
  };
}

/** The topic a conversation turn was about: an explainer, or a page. */
interface Topic {
  page: string;
  pattern?: string | undefined;
  /** The turn's own words, to find the right part of a page. */
  text: string;
}

/** What an earlier turn was about, so a follow-up can continue from it. */
function topicOf(
  text: string,
  knowledge: Knowledge,
  answers: PreparedAnswers,
  paid: boolean,
): Topic | undefined {
  const turn = classify(text, knowledge, paid, answers);
  if (turn.kind === 'message') {
    const slug = turn.verdict.pattern?.slug;
    return slug ? { page: slug, pattern: slug, text } : undefined;
  }
  if (turn.kind === 'question' || turn.kind === 'situation') {
    const situation =
      turn.kind === 'situation' ? situationPattern(turn.shape, knowledge, answers) : undefined;
    if (situation) return { page: situation.pattern.slug, pattern: situation.pattern.slug, text };
    const found = bestPassage(answers, turn.shape);
    if (found) {
      const p = found.passage;
      return { page: p.page, pattern: p.pattern, text };
    }
  }
  return undefined;
}

/**
 * The explainer a described situation matches, when the engine named none: the best-matching
 * explainer passage, if it covers enough of what was said.
 */
function situationPattern(
  shape: QuestionShape,
  knowledge: Knowledge,
  answers: PreparedAnswers,
): { pattern: PatternKnowledge; coverage: number } | undefined {
  const top = rankPatterns(answers, shape)[0];
  if (!top || top.coverage < 0.3) return undefined;
  const pattern = findPattern(knowledge, top.pattern);
  return pattern ? { pattern, coverage: top.coverage } : undefined;
}

/** Drops any sentence that says someone is genuine: a vouching question never gets "真的". */
function withoutVouching(answerLines: string[]): string[] {
  return answerLines.filter(
    (l) => !l.split(/[，。！；,.!;]/).some((clause) => VOUCHES_REAL.test(clause.trim())),
  );
}

/** Adds call buttons for the hotlines an answer tells the reader to call. */
function callLinks(text: string): ChatLink[] {
  const out: ChatLink[] = [];
  if (/(?<![\d-])110(?!\d)/.test(text)) out.push(LINKS.call110);
  if (/96110/.test(text)) out.push(LINKS.call96110);
  return out;
}

function dedupeLinks(links: ChatLink[]): ChatLink[] {
  const seen = new Set<string>();
  return links.filter((l) => (seen.has(l.href) ? false : (seen.add(l.href), true)));
}

/** An answer drawn from content passages. */
function contentReply(
  intent: ChatIntent,
  answerLines: string[],
  links: ChatLink[],
  sources: Passage[],
  knowledge: Knowledge,
  verdict?: Verdict,
): ChatReply {
  const kept = answerLines.slice(0, MAX_ANSWER_LINES);
  const reply = kept.join('\n');
  const slug = sources[0]?.pattern ?? verdict?.pattern?.slug;
  const pattern = findPattern(knowledge, slug);
  return {
    intent,
    reply,
    links: dedupeLinks([...links, ...callLinks(reply)]),
    sources,
    ...(verdict ? { verdict } : {}),
    ...(pattern ? { pattern: { slug: pattern.slug, title: pattern.title } } : {}),
  };
}

/** Answers a question from the best passage; a vouching question gets how to check for yourself. */
function answerQuestion(
  shape: QuestionShape,
  knowledge: Knowledge,
  answers: PreparedAnswers,
  verdict?: Verdict,
): ChatReply | undefined {
  const found = bestPassage(answers, shape);
  if (!found) return undefined;
  const { passage } = found;
  if (!shape.vouch) {
    const { lines: body, links } = composeAnswer(passage, shape);
    return contentReply('answer', body, links, [passage], knowledge, verdict);
  }
  const verify = answers.byId.get(VERIFY_ENTRY);
  const alreadyTellsHow =
    passage.id === VERIFY_ENTRY || /挂断|核实|自己.{0,4}(打|查)/.test(passage.lines.join(''));
  const lead = '是真是假，我在这里没法替您确认。您可以这样做：';
  const room =
    MAX_ANSWER_LINES - 1 - (alreadyTellsHow || !verify ? 0 : Math.min(2, verify.lines.length));
  const { lines: body, links } = composeAnswer(passage, shape, room);
  const how = alreadyTellsHow || !verify ? [] : verify.lines.slice(0, 2);
  const risky = verdict && verdict.level !== LEVELS[2];
  const sources = verify && how.length ? [passage, verify] : [passage];
  return contentReply(
    'vouch',
    withoutVouching([
      risky ? '您说的情况里，有骗子常用的说法。是真是假，我在这里没法替您确认。' : lead,
      ...body,
      ...how,
    ]),
    [...links, ...(verdict?.pattern ? [patternLink(verdict.pattern)] : [])],
    sources,
    knowledge,
    verdict,
  );
}

/**
 * A described situation, checked like a message. When the engine names no pattern, the explainer
 * that matches what was said names it, and lifts the lowest level to 可疑 (never lowers one): a
 * resident describing a refund call that asks for a link and a card number should hear which scam
 * it is.
 */
function answerSituation(
  text: string,
  shape: QuestionShape,
  knowledge: Knowledge,
  answers: PreparedAnswers,
  paid: boolean,
): ChatReply {
  let verdict = analyze(text, knowledge, { paid });
  const matched = situationPattern(shape, knowledge, answers);
  // Not every situation is a scam type: "有人说能帮我追回被骗的钱" is answered by a 常见问题 entry.
  const best = bestPassage(answers, shape);
  if (
    best &&
    !best.passage.pattern &&
    !verdict.pattern &&
    (!matched || best.coverage > matched.coverage)
  ) {
    const answered = answerQuestion(shape, knowledge, answers, verdict);
    if (answered) return { ...answered, intent: 'situation' };
  }
  // The engine reads messages; a situation told in a resident's own words is often matched better
  // by the explainers themselves. A pattern the engine is sure of (高风险) stays.
  if (matched && (!verdict.pattern || (verdict.level !== LEVELS[0] && matched.coverage >= 0.4))) {
    const { pattern } = matched;
    {
      const raise = verdict.level === LEVELS[2] && matched.coverage >= 0.5;
      verdict = {
        ...verdict,
        pattern: { slug: pattern.slug, title: pattern.title },
        ...(raise
          ? {
              level: LEVELS[1],
              score: Math.max(verdict.score, SUSPICIOUS_AT),
              signals: [
                ...verdict.signals,
                {
                  id: `situation:${pattern.slug}`,
                  label: `像「${pattern.title}」`,
                  reason: pattern.summary,
                  weight: 0,
                  spans: [],
                },
              ],
            }
          : {}),
      };
    }
  }
  const todo = verdict.pattern
    ? answers.byId.get(`pattern:${verdict.pattern.slug}:todo`)
    : undefined;
  const reasons = verdict.signals.filter((s) => s.reason).slice(0, 2);
  const whatToDo = todo
    ? todo.lines.slice(0, 2).map((l, i) => `${i + 1}. ${l}`)
    : verdict.advice.slice(0, 2).map((a, i) => `${i + 1}. ${a}`);
  const body = [
    levelSentence(verdict),
    verdict.pattern && `它很像「${verdict.pattern.title}」。`,
    reasons.length > 0 && `要当心：${reasons.map((s) => s.label).join('；')}。`,
    ...whatToDo,
  ].filter((l): l is string => Boolean(l));
  const links: ChatLink[] = [
    ...(verdict.pattern ? [patternLink(verdict.pattern)] : []),
    ...(verdict.level !== LEVELS[2] ? [LINKS.call96110] : []),
    LINKS.report,
  ];
  return contentReply('situation', body, links, todo ? [todo] : [], knowledge, verdict);
}

/** Continues from what the conversation was about: its explainer or page, the part asked for. */
function answerFollowUp(
  shape: QuestionShape,
  messages: readonly ChatMessage[],
  knowledge: Knowledge,
  context: ChatContext,
  answers: PreparedAnswers,
): ChatReply | undefined {
  const earlier = messages
    .slice(0, -1)
    .filter((m) => m.role === 'user')
    .reverse();
  let topic: Topic | undefined;
  for (const m of earlier) {
    topic = topicOf(m.content, knowledge, answers, context.paid ?? false);
    if (topic) break;
  }
  if (!topic && context.pattern && findPattern(knowledge, context.pattern)) {
    topic = { page: context.pattern, pattern: context.pattern, text: '' };
  }
  if (!topic) return undefined;
  const passage = topic.pattern
    ? passageForTopic(answers, topic, shape.facet)
    : findPassages(
        answers,
        readQuestion(`${topic.text} ${shape.facet === 'todo' || !shape.facet ? '怎么办' : ''}`),
        (p) => p.page === topic.page,
      )[0]?.passage;
  if (!passage) return undefined;
  const { lines: body, links } = composeAnswer(passage, shape);
  return contentReply('follow-up', body, links, [passage], knowledge);
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
  const answers = options.answers;
  const paid = context.paid ?? false;
  const turn = classify(text, knowledge, paid, answers);
  const pattern = findPattern(knowledge, context.pattern);
  const local = options.areaCode ? `${options.areaCode}-96110` : '当地区号加 96110（如 010-96110）';
  const withPattern = (links: ChatLink[]) => (pattern ? [...links, patternLink(pattern)] : links);

  if (turn.kind === 'message') {
    let verdict = turn.verdict;
    // A risky message the engine could not place: name the explainer it reads most like (the
    // level stays the engine's).
    if (answers && !verdict.pattern && verdict.level !== LEVELS[2]) {
      const matched = situationPattern(readQuestion(text), knowledge, answers);
      if (matched && matched.coverage >= 0.5) {
        verdict = {
          ...verdict,
          pattern: { slug: matched.pattern.slug, title: matched.pattern.title },
        };
      }
    }
    const { reply, links } = explainVerdict(verdict);
    const p = verdict.pattern;
    return { intent: 'message', reply, verdict, links, ...(p ? { pattern: p } : {}) };
  }
  if (answers && turn.kind === 'situation') {
    const shape = turn.shape;
    if (QUESTION.test(text) || shape.vouch) {
      const verdict = analyze(text, knowledge, { paid });
      const answered = answerQuestion(shape, knowledge, answers, verdict);
      if (answered) return answered;
    }
    return answerSituation(text, shape, knowledge, answers, paid);
  }
  if (answers && turn.kind === 'question') {
    const answered = answerQuestion(turn.shape, knowledge, answers);
    if (answered) return answered;
  }
  if (answers && turn.kind === 'follow-up') {
    if (paid && (!turn.shape.facet || turn.shape.facet === 'todo')) {
      return answerChat([{ role: 'user', content: '我已经转账了' }], knowledge, context, options);
    }
    const answered = answerFollowUp(turn.shape, messages, knowledge, context, answers);
    if (answered) return answered;
  }
  const intent: ChatIntent =
    turn.kind === 'rule' ? turn.intent : turn.kind === 'follow-up' ? 'what-to-do' : 'unknown';

  switch (intent) {
    case 'paid': {
      // The explainer of what happened ("玩游戏买装备被骗了" → the game-trading explainer), then
      // the hotlines page, where calling 110 at once is explained.
      const about = text.replace(RULES[0]!.test, ' ');
      const top = answers && rankPatterns(answers, readQuestion(about))[0];
      const topicPattern =
        top && top.coverage >= 0.5 ? findPattern(knowledge, top.pattern) : pattern;
      return {
        intent,
        reply: lines(
          '已经转了钱：马上拨打 110 报警。越快报警，越有可能紧急止付、冻结对方账户。',
          '对方的账号、电话、聊天记录和转账截图，都留着，不要删。',
          '不要再转钱。说能帮您“追回钱款”、要先交手续费的，也是骗子。',
          '告诉家里人；下一步怎么办，也可以拨打 96110 问。',
        ),
        links: dedupeLinks([
          ...(topicPattern ? [patternLink(topicPattern)] : []),
          ...(answers ? [{ href: pageUrl('hotlines'), label: '看看：反诈电话' }] : []),
          LINKS.call110,
          LINKS.call96110,
          LINKS.report,
        ]),
      };
    }
    case 'police':
      return {
        intent,
        reply: lines(
          '真的公安、检察院、法院，不会在电话里让您转账，也没有“安全账户”。',
          '不要在这个电话里核实。先挂断，再自己拨打 110 或 96110 问。',
          `96110 是反诈专线，来电显示是“区号 + 96110”，在本地是 ${local}；外地的反诈中心打来，显示那里的区号加 96110。`,
          '号码前面多了 00、+ 或别的数字的，是骗子冒充的。',
          '96110 只劝您别转账，绝不会让您转钱、报验证码或者装软件。',
        ),
        links: withPattern([LINKS.call110, LINKS.call96110]),
      };
    case 'safe-account': {
      const found = findRedFlag(knowledge, /安全账户|安全帐户/);
      return {
        intent,
        reply: lines(
          '“安全账户”是骗子编出来的，根本不存在。',
          '公安、检察院、法院和银行，都不会让您把钱转到什么“安全账户”。',
          found && `${found.flag.reason}`,
          '谁让您往“安全账户”转钱，谁就是骗子。请挂断，打 110。',
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
          '验证码就像您银行卡和微信的钥匙，给了别人，对方就能转走您的钱。',
          '银行、客服、警察都不会向您要验证码。谁来要，谁就可能是骗子。',
          '已经给了：马上打银行卡背面的客服电话冻结账户；钱已经被转走，马上拨打 110。',
        ),
        links: withPattern([LINKS.call110, LINKS.call96110]),
      };
    case 'pattern-info': {
      const p = findPatternInQuestion(foldForMatching(text), knowledge);
      if (p) {
        return {
          intent,
          reply: lines(
            `「${p.title}」是这样的：${p.summary}`,
            p.redFlags.length > 0 &&
              `听到这几种说法就要当心：${p.redFlags
                .slice(0, 3)
                .map((f) => f.label)
                .join('、')}。`,
            p.donts[0] && `千万${p.donts[0].replace(/^千万/, '')}`,
            p.dos[0],
          ),
          links: [patternLink(p), LINKS.call96110],
          pattern: { slug: p.slug, title: p.title },
        };
      }
      break;
    }
    case 'what-to-do': {
      if (paid)
        return answerChat([{ role: 'user', content: '我已经转账了' }], knowledge, context, options);
      const dos = (pattern?.dos ?? []).filter((d) => !/(?<!96)110/.test(d)).slice(0, 3);
      const risky = context.level === '高风险' || context.level === '可疑';
      return {
        intent,
        reply: lines(
          '已经转了钱：马上拨打 110。',
          risky && '先停下来：不要转账，不要点链接，不要给验证码，不要下载对方让您装的软件。',
          ...dos.map((d, i) => `${i + 1}. ${d}`),
          dos.length === 0 && '拿不准的话，先挂断或不回复，找家里人商量，或者打 96110 问。',
        ),
        links: withPattern([LINKS.call96110, LINKS.call110]),
      };
    }
    case 'greeting':
      return {
        intent,
        reply: lines(
          '您好！我是反诈小助手。',
          '收到拿不准的短信、聊天消息，可以粘贴给我，我帮您看看。',
          '也可以直接问我，比如：“验证码能给吗？”“我已经转账了怎么办？”',
        ),
        links: [LINKS.check, LINKS.call96110],
      };
    case 'thanks':
      return {
        intent,
        reply: lines(
          '不客气！',
          '以后遇到让您转账、给验证码的事，先停一停，问问家里人或打 96110。',
        ),
        links: [LINKS.call96110],
      };
    default:
      break;
  }
  return {
    intent: 'unknown',
    reply: lines(
      '这个问题我还答不好，对不起。',
      '已经转了钱：请马上拨打 110。',
      '拿不准的事，可以拨打 96110 反诈专线，直接问民警。',
      '也可以把收到的短信、聊天消息原样粘贴给我，我帮您看看。',
    ),
    links: [LINKS.call110, LINKS.call96110],
  };
}
