/**
 * Shared slots of the corpus generators: names, places, banks, sums, phone numbers, links and ids,
 * all invented at random (never a real person's number or a real scam site), so that no value
 * can be learnt as a sign of fraud or of an ordinary message.
 */
import type { Gen, Slot } from './template.ts';

const SURNAMES = Array.from(
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文',
);
const GIVEN = Array.from(
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文玲国红梅飞鹏斌宇浩凯秀兰晨瑶鑫欣怡子涵博文俊宏志海波辉燕琳颖雪',
);

export const CITIES = [
  '北京',
  '上海',
  '广州',
  '深圳',
  '天津',
  '重庆',
  '成都',
  '杭州',
  '南京',
  '武汉',
  '西安',
  '郑州',
  '济南',
  '青岛',
  '聊城',
  '临清',
  '苏州',
  '长沙',
  '沈阳',
  '哈尔滨',
  '石家庄',
  '太原',
  '合肥',
  '福州',
  '厦门',
  '南昌',
  '昆明',
  '贵阳',
  '南宁',
  '海口',
  '兰州',
  '银川',
  '西宁',
  '乌鲁木齐',
  '呼和浩特',
  '长春',
  '大连',
  '宁波',
  '无锡',
  '温州',
  '佛山',
  '东莞',
  '烟台',
  '潍坊',
  '徐州',
  '洛阳',
];

/** A bank as scammers and banks name it. */
export interface Bank {
  full: string;
  short: string;
  /** How its own SMS signs: 【工商银行】. */
  sign: string;
  hotline: string;
  /** Product names used in phishing: 工银电子密码器, 建行网银盾… */
  token: string;
  app: string;
}

export const BANKS: Bank[] = [
  {
    full: '中国工商银行',
    short: '工行',
    sign: '工商银行',
    hotline: '95588',
    token: '工银电子密码器',
    app: '工银融e行',
  },
  {
    full: '中国建设银行',
    short: '建行',
    sign: '建设银行',
    hotline: '95533',
    token: '建行网银盾',
    app: '建行手机银行',
  },
  {
    full: '中国农业银行',
    short: '农行',
    sign: '农业银行',
    hotline: '95599',
    token: 'K宝',
    app: '农行掌上银行',
  },
  {
    full: '中国银行',
    short: '中行',
    sign: '中国银行',
    hotline: '95566',
    token: '中银e令',
    app: '中国银行手机银行',
  },
  {
    full: '交通银行',
    short: '交行',
    sign: '交通银行',
    hotline: '95559',
    token: '交行密码器',
    app: '交通银行APP',
  },
  {
    full: '招商银行',
    short: '招行',
    sign: '招商银行',
    hotline: '95555',
    token: '招行U-KEY',
    app: '招商银行APP',
  },
  {
    full: '中国邮政储蓄银行',
    short: '邮储',
    sign: '邮储银行',
    hotline: '95580',
    token: '邮储U盾',
    app: '邮储银行APP',
  },
  {
    full: '中国民生银行',
    short: '民生',
    sign: '民生银行',
    hotline: '95568',
    token: '民生U宝',
    app: '民生手机银行',
  },
  {
    full: '兴业银行',
    short: '兴业',
    sign: '兴业银行',
    hotline: '95561',
    token: '兴业动态令牌',
    app: '兴业银行APP',
  },
  {
    full: '中信银行',
    short: '中信',
    sign: '中信银行',
    hotline: '95558',
    token: '中信U盾',
    app: '中信银行APP',
  },
  {
    full: '平安银行',
    short: '平安',
    sign: '平安银行',
    hotline: '95511',
    token: '平安令牌',
    app: '平安口袋银行',
  },
  {
    full: '农村信用社',
    short: '信用社',
    sign: '农村信用社',
    hotline: '96262',
    token: '网银盾',
    app: '农信手机银行',
  },
  {
    full: '农村商业银行',
    short: '农商行',
    sign: '农商银行',
    hotline: '96262',
    token: '网银盾',
    app: '农商银行APP',
  },
];

const TLDS = ['com', 'cn', 'net', 'top', 'xyz', 'vip', 'cc', 'com.cn', 'net.cn', 'info', 'shop'];
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random, meaningless host (both classes use such links, so the host itself teaches nothing). */
function randomHost(g: Gen): string {
  const r = g.rng;
  const name = r.chars(LOWER, r.int(3, 8));
  const sub = r.chance(0.25) ? r.pick(['www.', 'wap.', 'm.', 'h5.']) : '';
  return `${sub}${name}.${r.pick(TLDS)}`;
}

function randomUrl(g: Gen): string {
  const r = g.rng;
  if (g.placeholders && r.chance(0.6))
    return r.pick(['URL', '[链接]', 'http://www.xxx.com', 'XXX']);
  const scheme = r.pick(['', '', 'http://', 'https://', 'www.']);
  let host = randomHost(g);
  if (scheme === 'www.') host = host.replace(/^(?:www|wap|m|h5)\./, '');
  const path = r.chance(0.55) ? `/${r.chars(ALNUM, r.int(2, 6))}` : '';
  return `${scheme}${host}${path}`;
}

function shortUrl(g: Gen): string {
  const r = g.rng;
  if (g.placeholders && r.chance(0.6)) return r.pick(['URL', '[链接]']);
  const host = r.pick([
    't.cn',
    'url.cn',
    'dwz.cn',
    'suo.im',
    'c.tb.cn',
    'u.jd.com',
    '3.cn',
    'i.xx.cn',
  ]);
  return `${r.chance(0.5) ? 'https://' : ''}${host}/${r.chars('abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789', r.int(5, 8))}`;
}

function mobile(g: Gen): string {
  const r = g.rng;
  if (g.placeholders && r.chance(0.5)) return r.pick(['PHONE', 'XXXXXXXXXXX', '1XXXXXXXXXX']);
  const prefix = r.pick(['13', '15', '17', '18', '19', '14', '16']) + String(r.int(0, 9));
  const rest = r.digits(8, true);
  const style = r.int(0, 5);
  if (style === 0) return `${prefix} ${rest.slice(0, 4)} ${rest.slice(4)}`;
  if (style === 1) return `${prefix}-${rest.slice(0, 4)}-${rest.slice(4)}`;
  return prefix + rest;
}

function line400(g: Gen): string {
  const r = g.rng;
  if (g.placeholders && r.chance(0.5)) return r.pick(['PHONE', '400-XXX-XXXX']);
  return `${r.pick(['400', '400', '800'])}-${r.digits(3, true)}-${r.digits(4, true)}`;
}

function landline(g: Gen): string {
  const r = g.rng;
  if (g.placeholders && r.chance(0.5)) return r.pick(['PHONE', 'XXXX-XXXXXXX']);
  return `0${r.int(10, 999)}-${r.digits(r.pick([7, 8]))}`;
}

function fullName(g: Gen): string {
  const r = g.rng;
  if (g.placeholders && r.chance(0.4)) return r.pick(['NAME', 'XX', 'XXX', '某某']);
  return r.pick(SURNAMES) + r.pick(GIVEN) + (r.chance(0.5) ? r.pick(GIVEN) : '');
}

function amount(g: Gen, min: number, max: number, round: number): string {
  const r = g.rng;
  if (g.placeholders && r.chance(0.3)) return r.pick(['DIGIT', 'xxx', 'XXXX']);
  const v = Math.max(round, Math.round(r.int(min, max) / round) * round);
  return String(v);
}

function cardNumber(g: Gen): string {
  const r = g.rng;
  if (g.placeholders && r.chance(0.5))
    return r.pick(['XXXX XXXX XXXX XXXX', 'XXXXXXXXXXXXXXXX', '****']);
  const n =
    r.pick(['6222', '6217', '6228', '6212', '6230', '6214', '6259']) +
    r.digits(r.pick([12, 15]), true);
  return r.chance(0.3) ? n.replace(/(\d{4})(?=\d)/g, '$1 ') : n;
}

/** A plausible date like 3月18日, or the fragments a corpus with removed numbers leaves. */
function date(g: Gen): string {
  const r = g.rng;
  if (g.placeholders && r.chance(0.3)) return r.pick(['x月x日', 'X月X日', 'DIGIT月DIGIT日']);
  return `${r.int(1, 12)}月${r.int(1, 28)}日`;
}

function clock(g: Gen): string {
  const r = g.rng;
  return `${r.int(7, 22)}:${r.pick(['00', '30', '15', '45', String(r.int(10, 59))])}`;
}

/** Shared slots every family may use. */
export const SHARED_SLOTS: Record<string, Slot> = {
  name: fullName,
  surname: (g) => g.rng.pick(SURNAMES),
  given: (g) => g.rng.pick(GIVEN) + (g.rng.chance(0.4) ? g.rng.pick(GIVEN) : ''),
  city: (g) => g.rng.pick(CITIES),
  city2: (g) => g.rng.pick(CITIES),
  mobile,
  landline,
  line400,
  url: randomUrl,
  shortUrl,
  anyUrl: (g) => (g.rng.chance(0.75) ? randomUrl(g) : shortUrl(g)),
  host: randomHost,
  card: cardNumber,
  tail4: (g) => g.rng.digits(4, true),
  code4: (g) => g.rng.digits(4),
  code6: (g) => g.rng.digits(6),
  qq: (g) => (g.placeholders && g.rng.chance(0.5) ? 'XXXXXXXXX' : g.rng.digits(g.rng.int(6, 10))),
  wx: (g) =>
    g.placeholders && g.rng.chance(0.5)
      ? 'XXXXXX'
      : g.rng.chars(LOWER, g.rng.int(2, 5)) + g.rng.digits(g.rng.int(3, 6), true),
  date,
  date2: date,
  clock,
  year: (g) => String(g.rng.int(2016, 2026)),
  small: (g) => amount(g, 5, 300, 1),
  mid: (g) => amount(g, 300, 5000, 100),
  big: (g) => amount(g, 5000, 200000, 1000),
  points: (g) => amount(g, 2000, 99999, 1),
  percent: (g) => String(g.rng.int(3, 40)),
  n2: (g) => String(g.rng.int(2, 99)),
  order: (g) => g.rng.digits(g.rng.int(10, 18)),
  flightNo: (g) =>
    g.rng.pick(['CA', 'MU', 'CZ', 'HU', 'ZH', '3U', 'SC', 'MF', 'GS', 'JD', '9C', 'HO']) +
    g.rng.digits(4),
  bank: (g) => g.memo('bank', () => g.rng.pick(BANKS)).full,
  bankShort: (g) => g.memo('bank', () => g.rng.pick(BANKS)).short,
  bankSign: (g) => g.memo('bank', () => g.rng.pick(BANKS)).sign,
  bankHotline: (g) => g.memo('bank', () => g.rng.pick(BANKS)).hotline,
  bankToken: (g) => g.memo('bank', () => g.rng.pick(BANKS)).token,
  bankApp: (g) => g.memo('bank', () => g.rng.pick(BANKS)).app,
  anyBank: (g) => g.rng.pick(BANKS).sign,
  honor: ['先生', '女士', '先生', '女士', '同志'],
  dear: ['您好', '你好', '尊敬的用户', '尊敬的客户', '亲爱的用户', '尊敬的会员'],
  /** A random app or company name (2 syllables plus a suffix), for scam apps and real shops alike. */
  brand: (g) =>
    g.rng.pick(Array.from('鑫盛恒通汇达泰华瑞丰嘉禾金源宏远优众易融安信聚宝诚博乐享云淘星辰')) +
    g.rng.pick(Array.from('盛通达汇和信宝融联惠享嘉源达富')),
  shop: (g) =>
    g.rng.pick(['', g.rng.pick(CITIES)]) +
    g.rng.pick(Array.from('美佳华万家福乐天鸿兴盛新')) +
    g.rng.pick(Array.from('佳华惠乐美康源利嘉')) +
    g.rng.pick([
      '超市',
      '百货',
      '药房',
      '母婴店',
      '服饰',
      '家电',
      '生活馆',
      '鞋业',
      '眼镜店',
      '美容院',
      '健身房',
      '蛋糕店',
    ]),
  estate: (g) =>
    g.rng.pick(Array.from('锦绣华翠龙碧金御盛星泰')) +
    g.rng.pick(Array.from('园苑城府湾庭')) +
    g.rng.pick(['', '一期', '二期', '名邸', '公馆', '花园', '国际']),
  mall: ['天猫', '淘宝', '京东', '拼多多', '唯品会', '抖音商城', '快手小店', '苏宁易购'],
  courier: ['顺丰', '中通', '圆通', '韵达', '申通', '京东物流', '邮政EMS', '极兔'],
  airline: [
    '东方航空',
    '南方航空',
    '中国国航',
    '海南航空',
    '深圳航空',
    '四川航空',
    '厦门航空',
    '山东航空',
    '春秋航空',
    '首都航空',
  ],
  operator: ['中国移动', '中国联通', '中国电信'],
  chatApp: ['微信', 'QQ', '微信', 'QQ', '钉钉'],
  kin: ['妈', '爸', '奶奶', '爷爷', '姥姥', '姥爷', '外婆', '外公', '姑姑', '舅舅', '姨', '叔'],
  child: ['儿子', '女儿', '孙子', '孙女', '外孙', '外孙女', '侄子', '外甥'],
};
