/**
 * Surface noise real senders (and real data sets) add to a message: punctuation stripped,
 * traditional or odd characters, 薇信/V信/登陆 spellings, words split to dodge filters, stray
 * names and numbers, and the errors of OCR on a chat screenshot. Applied to both classes alike,
 * so that noise itself never tells a scam from an ordinary message.
 */
import type { Gen } from './template.ts';
import { CITIES } from './slots.ts';

// Simplified → traditional or variant forms, one character each.
const TRAD_PAIRS =
  '户戶账賬帐帳号號转轉验驗证證码碼冻凍结結汇匯银銀诈詐骗騙检檢钱錢资資认認点點击擊链鏈载載贷貸续續费費赔賠偿償奖獎积積兑兌换換机機医醫监監调調会會议議远遠稳穩赚賺单單领領导導务務员員险險关關们們这這个個为為请請联聯电電话話亲親妈媽学學额額货貨网網页頁讯訊执執违違规規罚罰紧緊让讓给給发發对對时時间間还還过過来來说說将將国國实實当當动動开開处處护護销銷币幣级級观觀场場运運气氣码碼进進选選脑腦记記笔筆礼禮送送赢贏获獲数數据據温溫馨馨优優惠惠红紅热熱线線询詢专專业業东東车車乐樂书書图圖报報价價买買卖賣岁歲节節华華无無见見问問让讓样樣从從众眾体體团團厅廳园園头頭门門'.match(
    /../g,
  ) ?? [];
const TO_TRAD = new Map<string, string>(
  TRAD_PAIRS.map((p) => [p[0] as string, p[1] as string] as [string, string]),
);
// Odd characters spammers use in place of common ones (場外觀衆 → 場外覌众, 户 → 戸, 查 → 査).
const ODD: Record<string, string[]> = {
  观: ['覌'],
  户: ['戸'],
  查: ['査'],
  登: ['噔', '登'],
  日: ['曰'],
  领: ['領', '邻'],
  号: ['呺', '號'],
  恭: ['恭'],
  喜: ['囍'],
  奔: ['喯'],
};

/** Replaces a share of characters by traditional or odd forms. */
export function traditional(text: string, g: Gen, rate: number): string {
  let out = '';
  for (const ch of text) {
    const odd = ODD[ch];
    if (odd && g.rng.chance(rate / 2)) out += g.rng.pick(odd);
    else if (TO_TRAD.has(ch) && g.rng.chance(rate)) out += TO_TRAD.get(ch);
    else out += ch;
  }
  return out;
}

const EVASIONS: [RegExp, string[]][] = [
  [/微信/g, ['薇信', 'V信', '威信', 'vx', '➕V', 'wx', '微 信', 'VX', '徽信', '微❤']],
  [/登录/g, ['登陆', '登入', '登錄', '噔录', '登 录', '登陆']],
  [/QQ/g, ['扣扣', 'qq', 'Q Q', '企鹅']],
  [/链接/g, ['鏈接', '连接', '链 接']],
  [/账户/g, ['帐户', '账号', '賬戶']],
  [/加群/g, ['+群', '➕群']],
];

/** The spellings senders use to get past keyword filters. */
export function evasions(text: string, g: Gen, rate: number): string {
  let out = text;
  for (const [re, subs] of EVASIONS) {
    out = out.replace(re, (m) => (g.rng.chance(rate) ? g.rng.pick(subs) : m));
  }
  return out;
}

/** Splits one or two words with separators (兼 职 / 奔一跑一兄一弟), as done to dodge filters. */
export function splitWords(text: string, g: Gen): string {
  const chars = Array.from(text);
  const sep = g.rng.pick([' ', '一', '-', '*', '.', '/']);
  const times = g.rng.int(1, 2);
  for (let k = 0; k < times; k++) {
    const at = g.rng.int(0, Math.max(0, chars.length - 4));
    const len = g.rng.int(2, 4);
    let ok = true;
    for (let i = at; i < at + len; i++) if (!/[\u4e00-\u9fff]/.test(chars[i] ?? '')) ok = false;
    if (!ok) continue;
    for (let i = at; i < at + len - 1; i++) chars[i] = (chars[i] as string) + sep;
  }
  return chars.join('');
}

const PUNCT = /[，。！？、；：“”‘’"'（）()《》【】\[\]〔〕~～…·!?,;:—-]+/g;

/**
 * The fake-base-station corpus as published: punctuation gone, Latin lowercased, numbers and
 * Latin runs set off by spaces, and some short numbers lost (月日 without digits).
 */
export function bareSms(text: string, g: Gen): string {
  let out = text.replace(/https?:\/\/\S+|www\.\S+|\b[a-z0-9-]+\.[a-z]{2,}(?:\/\S*)?/gi, (u) =>
    u.replace(/[，。！？]/g, ''),
  );
  // Keep the dots, slashes and colons of links; drop all other punctuation.
  // Links are parked as private-use characters so that the steps below leave them whole.
  const links: string[] = [];
  out = out.replace(/(?:https?:\/\/)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/[a-z0-9]*)?/gi, (u) => {
    links.push(u.toLowerCase());
    return String.fromCharCode(0xe000 + links.length - 1);
  });
  out = out.replace(PUNCT, '').replace(/\s+/g, '');
  if (g.rng.chance(0.5))
    out = out.replace(/\d{1,2}(?=[月日号点时])/g, (m) => (g.rng.chance(0.6) ? '' : m));
  out = out.toLowerCase();
  out = out.replace(/[a-z0-9]+(?:\.[0-9]+)?/g, (m) => ` ${m} `);
  out = out.replace(/[\ue000-\ue0ff]/g, (c) => ` ${links[c.charCodeAt(0) - 0xe000] ?? ''} `);
  return out.replace(/\s+/g, ' ').trim();
}

/** Names and places dropped into the text where a data set's entity filler put them. */
export function strayEntities(text: string, g: Gen): string {
  const chars = Array.from(text);
  const n = g.rng.int(1, 2);
  // Never inside a link or a number (the filler replaced whole entities, not parts of them).
  const inWord = (i: number) =>
    /[a-z0-9./:_-]/i.test(chars[i - 1] ?? '') && /[a-z0-9./:_-]/i.test(chars[i] ?? '');
  for (let k = 0; k < n; k++) {
    let at = g.rng.int(0, chars.length);
    for (let tries = 0; tries < 8 && inWord(at); tries++) at = g.rng.int(0, chars.length);
    if (inWord(at)) continue;
    const what = g.rng.chance(0.6) ? g.slot('name') : g.rng.pick(CITIES);
    chars.splice(at, 0, what);
  }
  return chars.join('');
}

// Characters OCR confuses on a phone screenshot.
const OCR_CONFUSIONS: Record<string, string[]> = {
  已: ['己', '巳'],
  己: ['已'],
  未: ['末'],
  末: ['未'],
  人: ['入'],
  入: ['人'],
  士: ['土'],
  土: ['士'],
  日: ['曰', '目'],
  目: ['日'],
  天: ['夭'],
  千: ['干'],
  干: ['千'],
  大: ['太'],
  太: ['大'],
  账: ['帐', '账'],
  户: ['尸', '戸'],
  码: ['玛', '吗'],
  转: ['传', '转'],
  元: ['无', '兀'],
  万: ['方'],
  钱: ['线'],
  微: ['徽'],
  信: ['言'],
  验: ['脸', '险'],
  证: ['正'],
  请: ['清', '睛'],
  的: ['旳'],
  了: ['子'],
  0: ['O', 'o'],
  1: ['l', 'I'],
  5: ['S'],
  8: ['B'],
  '，': [',', '.', ''],
  '。': ['.', '', '，'],
  '：': [':', ''],
  '！': ['!', 'l'],
  '？': ['?', '7'],
};

const UI_LINES = [
  '{clock}',
  '昨天 {clock}',
  '星期{weekday} {clock}',
  '{date} {clock}',
  '<',
  '< 微信',
  '…',
  '4G',
  '5G 86%',
  '[图片]',
  '[语音] 12"',
  '发送',
  '按住 说话',
  '对方正在输入…',
  '以上是打招呼的内容',
  '你已添加了{nick}，现在可以开始聊天了。',
  '消息已发出，但被对方拒收了。',
];

/** A chat screenshot read back by OCR: wrapped lines, UI chrome, confused characters. */
export function ocr(text: string, g: Gen): string {
  const r = g.rng;
  const rate = r.pick([0.01, 0.02, 0.04, 0.06]);
  let body = '';
  for (const ch of text) {
    const subs = OCR_CONFUSIONS[ch];
    if (subs && r.chance(rate * 3)) body += r.pick(subs);
    else if (r.chance(rate / 3)) continue;
    else body += ch;
  }
  // Bubbles wrap after 12–18 characters.
  const width = r.int(12, 18);
  const lines: string[] = [];
  const chars = Array.from(body);
  for (let i = 0; i < chars.length; i += width) lines.push(chars.slice(i, i + width).join(''));
  const nick = r.pick([
    '',
    g.slot('name'),
    '老' + g.slot('surname'),
    '客服小' + r.pick(['美', '雅', '李', '王']),
  ]);
  const chrome = (): string =>
    g
      .with({
        weekday: ['一', '二', '三', '四', '五', '六', '日'],
        nick: [nick || '对方'],
      })
      .one(UI_LINES);
  const head = r.chance(0.7) ? [chrome(), ...(nick ? [nick] : [])] : [];
  const tail = r.chance(0.5) ? [chrome()] : [];
  const joined = [...head, ...lines, ...tail].join(r.chance(0.8) ? '\n' : ' ');
  return r.chance(0.15) ? Array.from(joined).join(' ') : joined;
}
