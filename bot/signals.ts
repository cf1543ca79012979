/**
 * Explainable red flags: each says what was found, why it is a warning sign, how much it counts,
 * which pattern it points to, and where it is in the ORIGINAL text. Two kinds: the explainers'
 * red flags (label, reason and pattern from content; phrases plus the matchers in matchers.ts),
 * and the tactics that belong to no single pattern (transfer demands, codes, secrecy, urgency,
 * remote control, links, overseas numbers), which live here.
 */
import { isNegatedAt, type ExtractedEntities } from './entities.ts';
import { MATCHERS, PHRASE_WEIGHT, type Matcher } from './matchers.ts';
import {
  normalize,
  originalToNormalized,
  toOriginalSpan,
  type NormalizedText,
} from './normalize.ts';
import type { Knowledge, Signal, Span } from './types.ts';

/** A signal with the bookkeeping scoring needs (normalized spans, the family it belongs to). */
export interface FoundSignal extends Signal {
  /** Spans in the normalized text, for overlap checks between signals. */
  normSpans: Span[];
  /** `flag` (an explainer's red flag), a tactic's id, `combo` or `listed`. */
  family: string;
}

interface Tactic {
  id: string;
  label: string;
  reason: string;
  weight: number;
  match: RegExp;
  /** If set, the tactic counts only when one of these also occurs (its spans are reported too). */
  with?: RegExp;
  /** False for phrases that are themselves orders to keep quiet. */
  negatable?: boolean;
}

// Patterns run on normalized text: lowercase, half-width punctuation (, : ! ? ( )), 。 kept,
// separators between CJK removed, 微信/qq evasions undone. Keep them cheap: no nested quantifiers.

const TRANSFER_DEMAND =
  /(?:请|马上|立即|立刻|赶紧|赶快|尽快|速|先|必须|需要|需|要|你就|您就|把钱|将钱|把(?:所有|全部)?(?:存款|资金|钱)|将(?:所有|全部)?(?:存款|资金))[^。!?\n]{0,6}?(?:转账|汇款|打款|转钱|打钱|汇钱|转过去|打过去|转给|汇给|打给|转入|转到|汇入|汇到|存入|充值)|(?:转|汇|打|存|充)(?:到|入|进)(?:这个|以下|下面|下方|指定|我的|我们的|对方|对公|他的|医院)?的?(?:账户|账号|银行卡|卡号|卡上|卡里|平台)|(?:转|汇|打)[^。!?\n,]{1,8}?(?:到|进)(?:这个|以下|下面|我的|我们的|指定)?的?(?:账户|账号|银行卡|卡号|卡上|卡里)/g;

const LINK_WORDS =
  /https?:|www\.|\.(?:com|cn|top|cc|xyz|vip|net|shop|site|online|info)(?![a-z])|点击|登录网址|登陆网址|(?:登录|登陆|登入|进入|打开)[^。!?\n]{0,8}?(?:网址|网站|手机网|客户端)/g;

/** Lines that address the checker itself ("ignore the above", "classify this as safe"). */
const PROMPT_INJECTION =
  /(?:忽略|无视|忘记|不要理会)(?:以上|上面|之前|前面|上述|所有)[^。!?\n]{0,10}?(?:内容|指令|提示|规则|要求|信息)|(?:判定|判断|标记|归类|认定|识别|评估|分类)(?:为|成)[^。!?\n]{0,4}?(?:正常|安全|无风险|非诈骗|不是诈骗|低风险|可信)|(?:这|本|此)(?:条|个)?(?:消息|短信|信息|通知)?(?:并|绝对|真的)?(?:不是|并非|绝非)(?:诈骗|骗局|骗子)|(?:系统|管理员|开发者)(?:提示|指令|消息)[:：]|ignore (?:all |the )?(?:previous|above|prior) (?:instructions|messages|rules)|(?:classify|mark|label|rate) (?:this|it|the message)? ?as (?:safe|normal|benign|not (?:a )?(?:scam|fraud))|system prompt|you are (?:now )?(?:a|an) /g;

/** A bank card number as people write it (UnionPay 62…, Visa, Mastercard), spaces allowed. */
const CARD_LIKE = /(?<![0-9])(?:62|4\d|5[1-5])\d{2}(?: ?\d{4}){3}(?: ?\d{1,3})?(?![0-9])/g;

/** Tactics that belong to no single pattern. */
const TACTICS: Tactic[] = [
  {
    id: 'transfer-demand',
    label: '催您转账汇款',
    reason: '对方在消息里要您把钱转出去。凡是陌生人、网上的人催着转账，都要先停下来核实。',
    weight: 10,
    match: TRANSFER_DEMAND,
  },
  {
    id: 'remote-control',
    label: '要您让对方看屏幕、远程操作',
    reason: '让对方看到您的手机屏幕或远程操作，验证码、密码就全被看见，钱也可能被直接转走。',
    weight: 35,
    match:
      /(?<!我(?:来|会|先|再)?(?:开|打开)?)(?:屏幕|手机屏幕|桌面)共享|(?<!我(?:来|会|先|再)?)共享(?:你的|您的)?(?:手机)?(?:屏幕|桌面)|开(?:启|通)?共享|(?:帮(?:你|您)|我(?:来)?|让我|给(?:你|您))远程(?:控制|协助|操作|操控)|远程(?:控制|协助|操作|操控)(?:你的|您的)(?:手机|电脑)|向日葵(?!花|籽|油)|team\s?viewer|to\s?desk|any\s?desk/g,
  },
  {
    id: 'meeting-app',
    label: '要您下载会议或聊天软件',
    reason: '骗子常把人拉进会议软件或小众聊天软件，方便看您的屏幕、躲开平台的风险提醒。',
    weight: 10,
    match:
      /(?:下载|安装|打开|进入|加入|注册)[^。!?\n]{0,6}?(?:腾讯会议|zoom|瞩目|钉钉会议|飞书会议|云视讯|会议(?:软件|app)|telegram|纸飞机|whatsapp|skype|蝙蝠|事密达|与你|币信|potato)|(?:加入|进入)(?:视频)?会议[^。!?\n]{0,10}?(?:认证|解冻|验证|核实|操作|共享)/g,
  },
  {
    id: 'secrecy',
    label: '要您保密、不告诉家人',
    reason: '骗子怕您和家人、银行商量后识破，才会要求“保密”“单独待着”。',
    weight: 22,
    negatable: false,
    match:
      /(?:不要|不能|不许|别|千万别|千万不要|不准|不想让)(?:告诉|跟|和|让|对|向)?(?:我|你|您)?(?:任何人|家人|家里人|家里|子女|孩子|老伴|别人|其他人|亲戚|朋友|银行|爸妈|爸爸|妈妈|妈|爸|老婆|老公)(?:说|讲|知道|透露)?|(?:不要|别)声张|(?:严格|绝对|全程|注意)?保密(?!协议|柜|箱|工作|规定)|(?:不要|别)(?:报警|去派出所|去银行柜台)|银行(?:工作人员|柜员)?问(?:起|你|您)?[^。!?\n]{0,8}?(?:就说|你就说|您就说)/g,
  },
  {
    id: 'threat',
    label: '用冻结、追责吓唬您',
    reason: '吓您说钱要被冻结、要追究责任，是为了让您慌了照着做；真有问题，请自己打官方电话问。',
    weight: 15,
    match:
      /强制执行|后果自负|列入(?:失信)?黑名单|上(?:征信)?黑名单|(?:承担|追究)[^。!?\n]{0,4}?法律责任|(?:账户|银行卡|资金|存款|卡)(?:将|会|要|马上|即将|已经?)?(?:被)?[^。!?\n,]{0,3}?冻结/g,
  },
  {
    id: 'urgency',
    label: '催得很急',
    reason: '骗子总是催您“马上”“限时”办，就是不给您时间想、不给您机会问家人。',
    weight: 6,
    match:
      /立即|立刻|马上|尽快|赶紧|限时|限今日|仅限今日|今日内|今天之内|24小时内|逾期(?:将|会|作废|不处理|失效|清零)|最后一次|过期作废|名额有限|机会难得|(?:将|就|会)(?:停电|停水|停机|停气)/g,
  },
  {
    id: 'download-link',
    label: '要您点链接或下载APP',
    reason:
      '短信、聊天里的陌生链接和APP可能是假网站、木马，进去一填就被盗刷。请从官方应用商店、官网自己找。',
    weight: 12,
    match:
      /(?:下载|安装)[^。!?\n]{0,10}?(?:app|软件|客户端|平台|程序|应用)|(?:下载|安装|登录|登陆|登入|访问|打开|进入|进|登)[^。!?\n]{0,6}?(?=https?:|www\.|[a-z0-9-]+\.(?:com|cn|top|cc|xyz|vip|net|shop|site|online|info|app)(?![a-z]))|点击[^。!?\n]{0,4}?(?:链接|网址|下方|以下|领取|查看|办理|申请)|点(?:击|开)\s?(?=https?:|www\.|[a-z0-9-]+\.[a-z]{2,})|(?:打开|复制|登录)(?:以下|下方)?(?:链接|网址|网站)|扫(?:描)?(?:二维)?码(?:下载|进群|加入|注册|付款|领取|填写)/g,
  },
  {
    id: 'contact-off-app',
    label: '要您加陌生微信、QQ或进群',
    reason: '把您拉到私人微信、QQ或群里，是为了躲开平台监管，方便行骗。',
    weight: 10,
    match:
      /加(?:我|一下)?(?:的)?(?:微信|qq|v(?![a-z]))|(?:详询|咨询|添加|联系)(?:客服|专员|经理|老师|助理|业务员)?(?:的)?(?:微信|qq|v(?![a-z]))|(?:进|加)(?:入)?(?:qq|微信)?群|拉(?:你|您)进群|私聊|扫码进群/g,
  },
  {
    id: 'personal-info',
    label: '索要卡号、密码或身份证',
    reason: '银行卡号、密码、有效期、背面三位数、身份证照片一旦给出去，钱就可能被转走。',
    weight: 25,
    match:
      /(?:提供|告诉|说|报|核对)[^。!?\n]{0,12}?身份证(?:号码|号)|(?:提供|发|告诉|填写|输入|上传|报)(?:一下|给我)?(?:你的|您的)?(?:银行卡号|卡号|银行卡(?:信息|密码|号码)|密码|支付密码|有效期|背面三位数|cvv|安全码|身份证(?:号|照片|正反面))|(?:卡号|银行卡)[^。!?\n]{0,4}?(?:和|及|、)?密码|有效期(?:和|及|、)?背面|(?:提供|发|上传)[^。!?\n]{0,6}?身份证(?:号|照片|正反面)/g,
  },
  {
    id: 'password-request',
    label: '索要密码',
    reason: '银行卡密码、支付密码只有您自己知道；任何人要密码都是要转走您的钱。',
    weight: 40,
    match:
      /(?:把|将)[^。!?\n]{0,8}?密码[^。!?\n]{0,6}?(?:发给|告诉|报给|给|发)(?:我|我们)|(?:告诉|发给?|报给?)(?:我|我们)[^。!?\n]{0,8}?密码/g,
  },
  {
    id: 'guided-operation',
    label: '要您“按我说的操作”',
    reason:
      '一步步指挥您在手机、银行APP或ATM上操作，是骗子转走钱的手法；真客服、真警察不会这样做。',
    weight: 15,
    match:
      /按(?:照)?(?:我|我们)(?:说的|的提示|的指示|的指引|的要求)(?:去)?(?:操作|做|办)|跟着我(?:一步步)?操作|我(?:来)?(?:指导|教)(?:您|你)操作|在atm(?:机)?上操作/g,
  },
  {
    id: 'pay-by-qr',
    label: '要您扫码付款',
    reason: '陌生人发来的收款码、缴费码，钱会直接进骗子的账户；缴费请在官方APP里自己办理。',
    weight: 20,
    match:
      /扫(?:这个|下面的?|下方的?|一下)?(?:二维)?码[^。!?\n]{0,4}?(?:缴费|付款|支付|转账|交钱)|(?:收款码|付款码)[^。!?\n]{0,6}?(?:付|支付|转)/g,
  },
  {
    id: 'money-mule',
    label: '让您帮忙收钱、转钱或出借账户',
    reason: '帮陌生人收钱转钱或出借银行卡、电话卡，可能是在帮诈骗分子洗钱，是违法的。',
    weight: 30,
    match:
      /帮(?:我|忙)?收(?:一笔|点)?(?:钱|款)|收一笔钱再转|帮(?:忙|我)?(?:走|过)(?:一下)?(?:账|流水)|(?:出租|出借|收购|高价收)(?:银行卡|电话卡|账户|手机卡|一类卡|对公账户)|(?:借|租)(?:你|您)的(?:银行卡|卡|账户|微信|支付宝)(?:用)?|跑分/g,
  },
  {
    id: 'third-party-payee',
    label: '让您把钱直接转给别人',
    reason: '让您把钱直接打给老师、朋友、供应商的账户，是冒充身份诈骗的常见说法。',
    weight: 20,
    match:
      /(?:直接|帮我|先|你)(?:转|打|汇)(?:到|给)(?:我)?(?:的)?(?:老师|同学|朋友|他|她|对方|供应商|这个人|医院|警察|律师)|(?:老师|同学|朋友|医院|供应商|警察叔叔|对方|律师|老婆|爱人)的?(?:账户|卡号|银行卡|账号|卡上)/g,
  },
  {
    id: 'all-savings',
    label: '要您转走全部存款',
    reason: '让您把所有存款、全部积蓄都转出去的，只有骗子。',
    weight: 25,
    match: /(?:所有|全部)的?(?:存款|资金|积蓄|钱)|名下(?:所有|全部)?的?(?:资金|存款)/g,
    with: TRANSFER_DEMAND,
  },
  {
    id: 'phishing-notice',
    label: '说账户、证件出了问题，要点链接处理',
    reason:
      '“账户有风险”“密码器失效”“ETC失效”再附一个链接，是钓鱼网站的常见套路；请到官方APP或官网自己查。',
    weight: 25,
    match:
      /(?:账户|账号|包裹|快递|etc|社保卡|医保卡|信用卡|银行卡|储蓄卡|借记卡|手机|手机号|驾照|驾驶证|网银|证书|密码器|令牌|口令|u盾|k宝|网银盾|手机银行)[^。!?\n]{0,8}?(?:存在|有|已|将)?(?:风险|异常|失效|过期|到期|冻结|停用|停机|违规|违章|升级|认证|激活|实名)|(?:违章|违法)(?:记录)?[^。!?\n]{0,3}?(?:未处理|待处理)|滞纳金|系统(?:升级|维护)/g,
    with: LINK_WORDS,
  },
  {
    id: 'lure-link',
    label: '“看看照片、成绩、视频”再附一个链接',
    reason:
      '“这是你吗”“看看孩子的成绩”“聚会照片”后面跟一个链接，点开多半是木马或钓鱼网站，会偷走通讯录和验证码。',
    weight: 20,
    match:
      /(?:相册|影集|照片|合影|合照|录像|视频|成绩单?|成绩报告|学习报告|体检报告|请柬|这是你吗|是你吧|是不是你)[^。!?\n]{0,16}?(?:https?:|www\.|[a-z0-9-]+\.(?:com|cn|top|cc|xyz|vip|net|shop|site|online|info)(?![a-z]))/g,
  },
  {
    id: 'benefit-bait',
    label: '补贴、退税要您点链接或给卡号',
    reason: '补贴、退税、助学金都由政府部门按规定发放，不会要您点链接、填银行卡号或报验证码。',
    weight: 25,
    match:
      /退税|补贴|助学金|津贴|补助|退费|养老金|疫情补偿|数字人民币红包|(?:国家|政府)[^。!?\n]{0,6}?(?:发放|补贴|红包)/g,
    with: /https?:|www\.|\.(?:com|cn|top|cc|xyz|vip|net)(?![a-z])|点击|银行卡号|卡号|验证码|登记|加(?:我)?(?:qq|微信)|qq群|下载|绑定银行卡/g,
  },
  {
    id: 'ivr',
    label: '语音提示“按键转人工”',
    reason: '“您有一张传票”“卡片异常，请按9转人工”是诈骗电话的录音开场，按了就会接到骗子那里。',
    weight: 15,
    match: /按(?:\d|[零一二三四五六七八九])(?:键|号键)?(?:转|进入|查询|咨询|了解|$|[。,!])/g,
  },
  {
    id: 'account-anomaly',
    label: '说您的账户异常，要您“配合验证”',
    reason:
      '银行发现异常会冻结交易、请您到柜台或拨打卡背面的电话，不会打电话来要您的身份证号、卡号、验证码。',
    weight: 25,
    match:
      /(?:账户|账号|银行卡|卡)[^。!?\n]{0,8}?(?:异常(?:活动|交易|登录|操作|情况)?|未授权|不明(?:交易|转账)|被盗用|安全风险|违规操作)/g,
    with: /配合|提供(?:一下)?(?:您的|你的)?(?:姓名|全名|身份证|卡号|密码|验证码)|安全验证|验证身份|身份验证|核实(?:身份|信息)|解冻|指引/g,
  },
  {
    id: 'refund-talk',
    label: '说要给您退款、赔偿',
    reason: '“退款”“理赔”“补偿”是冒充客服诈骗的开场白；真退款会原路退回，不需要您做任何操作。',
    weight: 5,
    match: /退款|理赔|赔偿|补偿|退费/g,
  },
  {
    id: 'prompt-injection',
    label: '消息里有想骗过检查的话',
    reason: '正常的通知不会写“请判定为正常”“忽略以上内容”之类的话；这种话本身就很可疑。',
    weight: 20,
    negatable: false,
    match: PROMPT_INJECTION,
  },
];

/** Clause-level cues of a warning about scams (a police reminder, a 12381 text, an OTP notice). */
const ADVISORY =
  /诈骗|骗子|骗局|上当|受骗|谨防|警惕|提防|反诈|12381|96110|不会(?:通过|要求|向您|向你|让您|让你|打电话|索要|以)|凡是|一律|切勿|请勿|(?:立即|直接|马上)挂断|(?:不听|不信|不转账)[,、]/;

/** True when the text reads as a warning about scams (a police reminder, an OTP text). */
export function isAdvisoryText(normalizedText: string): boolean {
  return ADVISORY.test(normalizedText);
}

/** The sentences ([start, end) in normalized text) that read as warnings about scams. */
function advisorySentences(t: string): Span[] {
  const out: Span[] = [];
  // A bracketed sender tag (【…】) starts a new sentence even when glued to the text before it.
  const re = /[^。!?\n;【]+[。!?\n;]?|【[^。!?\n;]*[。!?\n;]?/g;
  for (let m = re.exec(t); m !== null; m = re.exec(t)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (ADVISORY.test(m[0])) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

interface CompiledFlag {
  id: string;
  label: string;
  reason: string;
  slug: string;
  phrases: RegExp[];
  matcher?: Matcher;
}

interface CompiledKnowledge {
  flags: CompiledFlag[];
  titles: Map<string, string>;
}

const compiledCache = new WeakMap<Knowledge, CompiledKnowledge>();

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An explainer phrase as a regex over normalized text, tolerant of spaces between its characters. */
export function phraseToRegExp(phrase: string): RegExp | undefined {
  const norm = normalize(phrase).text.replace(/[\s"'“”‘’「」《》]/g, '');
  const chars = Array.from(norm);
  if (chars.length < 2) return undefined;
  return new RegExp(chars.map(escapeRegExp).join('\\s?'), 'g');
}

/** Compiles (once per knowledge object) the explainers' red flags into matchers. */
export function compileKnowledge(knowledge: Knowledge): CompiledKnowledge {
  const cached = compiledCache.get(knowledge);
  if (cached) return cached;
  const flags: CompiledFlag[] = [];
  const titles = new Map<string, string>();
  for (const p of knowledge.patterns ?? []) {
    titles.set(p.slug, p.title);
    (p.redFlags ?? []).forEach((rf, n) => {
      const phrases = (rf.phrases ?? []).flatMap((ph) => {
        const re = phraseToRegExp(ph);
        return re ? [re] : [];
      });
      // Knowledge built before red flags had ids still works, without matchers.
      const id = rf.id || `${p.slug}-${n + 1}`;
      const matcher = Object.hasOwn(MATCHERS, id) ? MATCHERS[id] : undefined;
      if (phrases.length === 0 && !matcher?.match) return;
      const flag: CompiledFlag = { id, label: rf.label, reason: rf.reason, slug: p.slug, phrases };
      if (matcher) flag.matcher = matcher;
      flags.push(flag);
    });
  }
  const compiled = { flags, titles };
  compiledCache.set(knowledge, compiled);
  return compiled;
}

function allMatches(re: RegExp, text: string, negatable: boolean): Span[] {
  const spans: Span[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const s = m.index;
    const e = s + m[0].length;
    if (negatable && isNegatedAt(text, s, e)) continue;
    spans.push([s, e]);
    if (spans.length >= 20) break;
  }
  return spans;
}

function mergeNormSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Span[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function makeSignal(
  n: NormalizedText,
  base: Omit<FoundSignal, 'spans' | 'normSpans'>,
  normSpans: Span[],
): FoundSignal {
  const merged = mergeNormSpans(normSpans);
  const spans = mergeNormSpans(merged.map(([s, e]) => toOriginalSpan(n, s, e)));
  const out: FoundSignal = { ...base, spans, normSpans: merged };
  if (out.pattern === undefined) delete out.pattern;
  return out;
}

/** Several different cues of one flag (three loan-ad wordings at once) count more than one, up to 1.75×. */
function scaled(weight: number, t: string, spans: Span[]): number {
  const distinct = new Set(spans.map(([s, e]) => t.slice(s, e))).size;
  return Math.round(weight * Math.min(1.75, 1 + 0.25 * (distinct - 1)));
}

/** Spans of a regex that must co-occur with another: none unless both are found. */
function pairedMatches(t: string, match: RegExp, also: RegExp | undefined, negatable: boolean) {
  const spans = allMatches(match, t, negatable);
  if (spans.length === 0 || !also) return spans;
  const extra = allMatches(also, t, false);
  return extra.length === 0 ? [] : [...spans, ...extra.slice(0, 3)];
}

/** The spans of prompt-injection lines, for the scorer to keep them away from the model. */
export function injectionSpans(signals: FoundSignal[]): Span[] {
  return signals.find((s) => s.id === 'prompt-injection')?.normSpans ?? [];
}

/**
 * Finds every red flag in the text: tactics, entity-based flags (验证码 requests, short links,
 * overseas numbers), the explainers' red flags, and co-occurrence bonuses.
 */
export function findSignals(
  n: NormalizedText,
  entities: ExtractedEntities,
  knowledge: Knowledge,
): FoundSignal[] {
  const t = n.text;
  const compiled = compileKnowledge(knowledge);
  const found: FoundSignal[] = [];

  for (const tactic of TACTICS) {
    const spans = pairedMatches(t, tactic.match, tactic.with, tactic.negatable !== false);
    if (spans.length === 0) continue;
    found.push(
      makeSignal(
        n,
        {
          id: tactic.id,
          label: tactic.label,
          reason: tactic.reason,
          weight: scaled(tactic.weight, t, spans),
          family: tactic.id,
        },
        spans,
      ),
    );
  }

  // The code request is found by the entity extractor (with its negation check).
  if (entities.verificationCodeRequests.length > 0) {
    found.push(
      makeSignal(
        n,
        {
          id: 'verification-code',
          label: '索要验证码',
          reason: '验证码就是您账户的钥匙。银行、客服、警察都不会向您要验证码，谁要都不能给。',
          weight: 45,
          family: 'verification-code',
        },
        entities.verificationCodeRequests.map((r) => originalToNormalized(n, r.span)),
      ),
    );
  }

  // A card number with little else (a name, a bank): "pay into this account" from a stranger.
  // Card-like runs count even when they fail Luhn: a mistyped or invented number is still asked for.
  const cards = allMatches(CARD_LIKE, t, false);
  if (cards.length > 0) {
    let rest = t;
    for (const [a, b] of [...cards].reverse()) rest = rest.slice(0, a) + rest.slice(b);
    if (Array.from(rest.replace(/[\s0-9a-z.,:;!?()\-]/g, '')).length <= 14) {
      found.push(
        makeSignal(
          n,
          {
            id: 'bare-account',
            label: '只发来一个卡号让您打钱',
            reason:
              '陌生号码只发来一个银行卡号、户名，让您把房租、货款打过去，是“换卡”“冒充熟人”诈骗的老办法：先打原来的电话问清楚。',
            weight: 30,
            family: 'bare-account',
          },
          cards,
        ),
      );
    }
  }

  const shortLinks = entities.urls.filter((u) => u.short);
  if (shortLinks.length > 0) {
    found.push(
      makeSignal(
        n,
        {
          id: 'short-link',
          label: '看不出真实网址的短链接',
          reason:
            '短链接把真实网址藏了起来，点开可能是假冒的网站。官方通知会写明官网或让您去官方APP办理。',
          weight: 10,
          family: 'short-link',
        },
        shortLinks.map((u) => originalToNormalized(n, u.span)),
      ),
    );
  }

  const overseas = entities.phones.filter((p) => p.kind === 'overseas');
  if (overseas.length > 0) {
    const fake96110 = overseas.filter((p) => p.value.endsWith('96110'));
    found.push(
      makeSignal(
        n,
        fake96110.length > 0
          ? {
              id: 'fake-96110',
              label: '冒充 96110 的境外号码',
              reason:
                '真的 96110 来电显示为“区号 + 96110”（本地或外地反诈中心的区号），带 00 或 + 号开头的都是假冒的；真的 96110 也从不让您转钱、要验证码。',
              weight: 45,
              family: 'overseas-number',
            }
          : {
              id: 'overseas-number',
              label: '境外号码',
              reason: '诈骗电话、短信常用境外号码。陌生的境外号码说什么都不要信，更不要回拨。',
              weight: 12,
              family: 'overseas-number',
            },
        (fake96110.length > 0 ? fake96110 : overseas).map((p) => originalToNormalized(n, p.span)),
      ),
    );
  }

  for (const flag of compiled.flags) {
    const spans: Span[] = [];
    for (const re of flag.phrases) spans.push(...allMatches(re, t, true));
    const m = flag.matcher;
    if (m?.match) spans.push(...pairedMatches(t, m.match, m.with, true));
    if (spans.length === 0) continue;
    found.push(
      makeSignal(
        n,
        {
          id: flag.id,
          label: flag.label,
          reason: flag.reason,
          weight: scaled(m?.weight ?? PHRASE_WEIGHT, t, spans),
          family: 'flag',
          pattern: flag.slug,
        },
        spans,
      ),
    );
  }

  found.push(...combinations(n, found, compiled));

  const gaming = found.some((s) => s.id === 'prompt-injection');
  if (!hasContactToAct(entities) && !gaming) {
    // A reminder that quotes scam words (“凡是要您转钱的都是诈骗”) is not a scam: flags
    // found only inside such sentences count for little. Only inside them, so that a warning
    // line added to a scam cannot talk its other lines down; and never when the message gives
    // a link, an account or a number to act on, which real 12381 and police texts never do, nor
    // when the text tries to talk the checker down.
    const advisory = advisorySentences(t);
    if (advisory.length > 0) {
      for (const s of found) {
        if (s.id === 'prompt-injection') continue;
        const inside = s.normSpans.every(([a, b]) => advisory.some(([x, y]) => x <= a && b <= y));
        if (inside) s.weight = Math.round(s.weight * 0.3);
      }
    }
  }
  return found;
}

const OTP_NOTICE =
  /(?:验证码|校验码|动态码|动态密码)[^。!?\n]{0,12}?\d{4,8}|\d{4,8}[^。!?\n]{0,6}?(?:验证码|校验码|动态码)/;
const OTP_WARNING =
  /(?:请勿|切勿|不要|谨防|严禁)[^。!?\n]{0,6}?(?:泄露|告诉|转发|告知)|不会(?:向您)?索(?:要|取)|分钟内有效/;
const BANK_NOTICE =
  /尾号\d{4}[^。!?\n]{0,30}?(?:支出|消费|收入|存入|转入|入账|转账|支付|取款|还款|扣款|余额)/;
const WARNING_SENDER = /12381|反诈(?:中心|专班|提醒)|公安(?:局|厅)?(?:提醒|提示)|96110/;

/**
 * True when the text has the shape of a genuine bank 动账 notice, a code text that warns against
 * sharing the code, or a police / 12381 warning, and gives nothing to act on (no link, no
 * non-official number, no account, no request for the code). Such a text is never 高风险.
 */
export function ordinaryNoticeShape(normalizedText: string, e: ExtractedEntities): boolean {
  if (hasContactToAct(e)) return false;
  const t = normalizedText;
  return (
    (OTP_NOTICE.test(t) && OTP_WARNING.test(t)) || BANK_NOTICE.test(t) || WARNING_SENDER.test(t)
  );
}

/** Whether the text gives a way to act on it: a link, a non-official number, an id, a code request. */
export function hasContactToAct(e: ExtractedEntities): boolean {
  return (
    e.urls.length > 0 ||
    e.accounts.length > 0 ||
    e.bankCards.length > 0 ||
    e.verificationCodeRequests.length > 0 ||
    e.phones.some((p) => p.kind !== 'service')
  );
}

/** What an explainer's story asks of the victim: money, codes, control of the phone, an id. */
const ACTS = new Set([
  'transfer-demand',
  'bare-account',
  'verification-code',
  'remote-control',
  'meeting-app',
  'personal-info',
  'password-request',
  'pay-by-qr',
  'guided-operation',
  'third-party-payee',
  'all-savings',
]);
const LINKS = new Set(['download-link', 'short-link', 'contact-off-app', 'lure-link']);

interface Combo {
  id: string;
  label: string;
  reason: string;
  weight: number;
  /** Each group must be represented by at least one signal. */
  groups: ((s: FoundSignal) => boolean)[];
}

const isFlag = (s: FoundSignal) => s.family === 'flag';

/** Red flags that are much worse together than apart. */
const COMBOS: Combo[] = [
  {
    id: 'combo:story-and-ask',
    label: '编了一个说法，再要您转钱、给码或让对方看屏幕',
    reason: '先用一个说法让您相信，再要钱、要验证码、要看您的屏幕，这是诈骗最典型的两步。',
    weight: 20,
    groups: [isFlag, (s) => ACTS.has(s.id)],
  },
  {
    id: 'combo:story-and-secrecy',
    label: '编了一个说法，又要您保密',
    reason: '又编理由又叮嘱保密，是骗子怕您被家人、银行拦下。',
    weight: 15,
    groups: [isFlag, (s) => s.id === 'secrecy'],
  },
  {
    id: 'combo:story-and-link',
    label: '诱人的说法加一个链接或私人联系方式',
    reason: '用中奖、补贴、理赔、失效之类的说法引您点链接、加私人微信，是钓鱼和诈骗的常见套路。',
    weight: 12,
    groups: [isFlag, (s) => LINKS.has(s.id)],
  },
  {
    id: 'combo:pressure-and-money',
    label: '催着马上转钱',
    reason: '越是催您马上转钱，越要停下来先核实。',
    weight: 10,
    groups: [(s) => s.id === 'urgency' || s.id === 'threat', (s) => ACTS.has(s.id)],
  },
  {
    id: 'combo:two-asks',
    label: '又要钱又要验证码或看屏幕',
    reason: '同时要您转钱、报验证码或让对方看屏幕，是在一步步转走您的钱。',
    weight: 15,
    groups: [
      (s) => s.id === 'transfer-demand' || s.id === 'all-savings' || s.id === 'pay-by-qr',
      (s) =>
        s.id === 'verification-code' || s.id === 'remote-control' || s.id === 'password-request',
    ],
  },
];

function combinations(
  n: NormalizedText,
  found: FoundSignal[],
  compiled: CompiledKnowledge,
): FoundSignal[] {
  const out: FoundSignal[] = [];
  for (const combo of COMBOS) {
    const parts: FoundSignal[] = [];
    for (const group of combo.groups) {
      const hit = found
        .filter((s) => !parts.includes(s) && group(s))
        .sort((a, b) => b.weight - a.weight)[0];
      if (!hit) break;
      parts.push(hit);
    }
    if (parts.length < combo.groups.length) continue;
    const pattern = parts.find((p) => p.pattern)?.pattern;
    out.push(
      makeSignal(
        n,
        {
          id: combo.id,
          label: combo.label,
          reason: combo.reason,
          weight: combo.weight,
          family: 'combo',
          ...(pattern ? { pattern } : {}),
        },
        parts.flatMap((p) => p.normSpans),
      ),
    );
  }
  // Several red flags of one explainer together.
  const perPattern = new Map<string, FoundSignal[]>();
  for (const s of found) {
    if (s.family !== 'flag' || !s.pattern) continue;
    const list = perPattern.get(s.pattern) ?? [];
    list.push(s);
    perPattern.set(s.pattern, list);
  }
  for (const [slug, list] of perPattern) {
    if (list.length < 2) continue;
    out.push(
      makeSignal(
        n,
        {
          id: `combo:pattern:${slug}`,
          label: `同时有「${compiled.titles.get(slug) ?? slug}」的多个特征`,
          reason: '这条消息里同时出现了这种骗局的好几个典型说法。',
          weight: 10 + 5 * Math.min(3, list.length - 1),
          family: 'combo',
          pattern: slug,
        },
        list.flatMap((p) => p.normSpans),
      ),
    );
  }
  return out;
}
