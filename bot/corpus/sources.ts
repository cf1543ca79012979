/**
 * The public descriptions each corpus family is written from (police warnings, case reports,
 * news, official notices). `bot/data/FAMILIES.md` is generated from these and the families, so
 * every family names its source; the wording of every generated message is the project's own.
 */
import type { Family } from './family.ts';

/** One public source. */
export interface PublicSource {
  /** Who published it. */
  publisher: string;
  title: string;
  date?: string;
  url?: string;
}

const MPS_2023: PublicSource = {
  publisher: '澎湃新闻',
  title: '公安部发布10种常见诈骗类型：刷单返利类最多，占比约三成',
  date: '2023-06-15',
};
const MPS_2024: PublicSource = {
  publisher: '中国新闻网',
  title: '公安部公布十大高发电信网络诈骗类型',
  date: '2024-06-25',
};
const MPS_2022: PublicSource = {
  publisher: '澎湃新闻',
  title: '公安部提醒！这5种电信诈骗类型案发率近八成！',
  date: '2022-07-06',
  url: 'https://www.thepaper.cn/newsDetail_forward_18904513',
};
const FBS_PAPER: PublicSource = {
  publisher: 'ACM CCS 2020',
  title:
    'Zhang et al., “Lies in the Air: Characterizing Fake-base-station Spam Ecosystem in China” (categories of illegal-broadcast advertising and fraud SMS; doi 10.1145/3372297.3417257)',
  date: '2020-11-09',
};

/** Sources by key; a family's `source` is one of these keys. */
export const SOURCES: Record<string, PublicSource[]> = {
  'bank-phishing': [
    {
      publisher: '齐鲁晚报',
      title: '电子密码器到期要升级？银行：警惕诈骗陷阱',
      date: '2014-09-29',
      url: 'https://epaper.qlwb.com.cn/qlwb/content/20140929/ArticelZ05003FM.htm',
    },
    {
      publisher: '华商网',
      title: '金华警方预警：以工行电子密码器过期升级名义的短信都是骗人的',
      date: '2013-11-19',
      url: 'http://news.hsw.cn/system/2013/11/19/051798899.shtml',
    },
  ],
  'points-phishing': [
    {
      publisher: '黄石市公安局',
      title: '短信提醒积分将清零 男子轻信兑换现金被骗4999元',
      date: '2018-08-13',
      url: 'http://gaj.huangshi.gov.cn/fwms/jfts/201808/t20180813_370152.html',
    },
    {
      publisher: '泉州晚报',
      title: '银行积分换现金？南安诗山一村民被骗走一万元',
      date: '2015-10-14',
      url: 'http://fjsen.com/zhuanti/2015-10/14/content_16745064.htm',
    },
  ],
  'credit-card-call': [
    {
      publisher: '新华社',
      title: '警方提示 谨防“信用卡提额”诈骗',
      date: '2019-10-30',
      url: 'https://m.yybnet.net/hefei/news/201910/9815046.html',
    },
    {
      publisher: '佰佰安全网（厦门市反诈骗中心警情）',
      title: '信用卡逾期未还被冻结 一周骗走8.6万',
      date: '2018-08-03',
      url: 'https://mip.bbaqw.com/wz/101954.htm',
    },
  ],
  'etc-phishing': [
    {
      publisher: '成都商报-红星新闻',
      title: '“您ETC认证已失效……”收到这条诈骗短信别点开',
      date: '2020-04',
      url: 'https://m.163.com/dy/article/FANHUM7705149V0C.html',
    },
  ],
  'mps-medical': [
    {
      publisher: '金川区医疗保障局',
      title: '警惕冒充医保局的诈骗电话（医保卡异常、涉嫌骗保、安全账户）',
      url: 'http://sz12333.net.cn/yibao/85911.html',
    },
    MPS_2024,
  ],
  'mps-top10': [MPS_2022, MPS_2023, MPS_2024],
  'mps-epidemic': [
    {
      publisher: '北京市疾病预防控制中心（微博）',
      title: '流调电话要求转账？北京疾控提醒：防范“流调类诈骗”',
      date: '2022-09-22',
      url: 'http://news.gxcbt.com/kanxinwen/2022/0922/57134.html',
    },
  ],
  'subsidy-phish': [
    {
      publisher: '三秦都市报',
      title: '人社部：从未发放所谓“五险一金补贴”，涉嫌诈骗',
      date: '2025-04-12',
      url: 'https://epaper.sanqin.com/html/202504/12/content_903691.html',
    },
  ],
  'flight-refund': [
    {
      publisher: '齐鲁晚报',
      title: '航空公司：认准官方客服，别信不明短信',
      date: '2015-06-27',
      url: 'https://sjb.qlwb.com.cn/qlwb/content/20150627/ArticelC03003FM.htm',
    },
    {
      publisher: '天津北方网',
      title: '“因雾霾航班改签”诈骗短信',
      date: '2014-02-27',
      url: 'http://news.big5.enorth.com.cn/system/2014/02/27/011707067.shtml',
    },
  ],
  'prize-phish': [
    {
      publisher: '河池市公安局（绍兴市公安局网站转载）',
      title: '冒充“奔跑吧兄弟”场外幸运观众中奖诈骗',
      date: '2016-01-04',
      url: 'https://ga.sx.gov.cn/art/2016/1/4/art_1488128_17798817.html',
    },
  ],
  'trojan-link': [
    {
      publisher: '海峡都市报',
      title: '手机“聚会相册”短信链接实为木马 别随意打开',
      date: '2016-03-12',
      url: 'http://news.fznews.com.cn/fuzhou/20160312/56e36fd620e68.shtml',
    },
  ],
  'landlord-card': [
    {
      publisher: '衡水晚报',
      title: '衡水一市民收到假房东催租短信险陷骗局',
      date: '2014-06-06',
      url: 'https://hebei.sina.com.cn/hs/focus/2014-06-06/09172904.html',
    },
  ],
  'teacher-fee': [
    {
      publisher: '中国宁波网',
      title: '骗子混进班级群冒充老师收资料费，浙江多地警方预警',
      date: '2022-08-31',
      url: 'http://news.cnnb.com.cn/system/2022/08/31/030384889.shtml',
    },
  ],
  'military-purchase': [
    {
      publisher: '湘潭日报',
      title: '冒充武警采购人员让超市老板向“指定厂家”垫付货款',
      date: '2023-08-22',
      url: 'http://xtrb.xtol.cn/xtrbpc/content/202308/22/c95793.html',
    },
    {
      publisher: '海峡都市报',
      title: '冒充军警、老师大额订购，让商家垫资代购',
      date: '2022-09-19',
      url: 'https://hxdsb.fjdaily.com/pc/con/202209/19/content_215491.html',
    },
  ],
  'mps-family': [
    {
      publisher: '陕西中医药大学保卫处',
      title: '冒充房东、子女发短信让打钱到“同学的卡上”',
      url: 'https://bwc.snsy.edu.cn/info/2003/5345.htm',
    },
    MPS_2024,
  ],
  'ai-face': [
    {
      publisher: '中经法治网',
      title: 'AI换脸诈骗：视频里的“熟人”可能不是你熟人',
      date: '2026-03-20',
      url: 'https://www.jieshui.net.cn/2026/pufa_0320/1833.html',
    },
  ],
  sextortion: [
    {
      publisher: '郑州市公安局反诈中心',
      title: '网上交友需谨慎，警惕裸聊桃色陷阱',
      date: '2023-10-03',
      url: 'https://news.zynews.cn/zz/2023/10/03/100987.html',
    },
  ],
  gambling: [
    {
      publisher: '常州日报',
      title: '轻信“彩票导师”下载非法购彩软件，半个月被骗近20万元',
      date: '2025-03-13',
      url: 'https://epaper.cz001.com.cn/czrbpaper/pc/con/202503/13/content_142451.html',
    },
  ],
  elderly: [
    {
      publisher: '全国人民代表大会常务委员会',
      title: '中华人民共和国反电信网络诈骗法',
      date: '2022-09-02',
    },
    MPS_2024,
  ],
  mule: [
    {
      publisher: '威海经区法院（威海市政府网）',
      title: '为赚蝇头小利出租银行卡？真“刑”，有“判头”！',
      date: '2022-06-29',
      url: 'http://www.eweihai.gov.cn/art/2022/6/29/art_44987_2880176.html',
    },
  ],
  recovery: [
    {
      publisher: '网易号',
      title: '警惕！“有转账记录就能追回被骗钱”是新型诈骗',
      url: 'https://www.163.com/dy/article/KJUTUAMF055616XS.html',
    },
  ],
  'fake-antifraud': [
    {
      publisher: '长江日报',
      title: '公安部的防骗神器来了，“国家反诈中心”APP上线（只从官方应用商店下载）',
      date: '2021-03-25',
      url: 'http://news.cnhubei.com/content/2021-03/25/content_13697655.html',
    },
  ],
  'impersonation-misc': [MPS_2023, MPS_2024],
  'bank-official': [
    {
      publisher: '南方财富网（转工商银行风险提示）',
      title: '工行密码器会过期吗：工行不会以短信、电话让客户到指定网页验证',
      date: '2015-09-14',
      url: 'http://wangyin.southmoney.com/gongshang/zhaxun/1821.html',
    },
  ],
  'otp-official': [
    {
      publisher: '报告速（泰州警方提醒）',
      title: '警惕“积分兑换”骗局（引用了真实银行验证码短信“切勿泄露，任何索取均为欺诈”的格式）',
      date: '2016-02-25',
      url: 'http://nanjing.baogaosu.com/xinwen/%E8%AD%A6%E6%83%95%E7%A7%AF%E5%88%86%E5%85%91%E6%8D%A2%E9%AA%97%E5%B1%80%E6%9C%89%E5%B8%82%E6%B0%91%E8%BD%BB%E4%BF%A1%E8%AD%A6%E6%83%95/43999076/',
    },
  ],
  'warning-12381': [
    {
      publisher: 'IT之家',
      title: '12381 反诈预警短信上线（不带链接、不需回复）',
      date: '2021-07-14',
    },
  ],
  'operator-official': [FBS_PAPER],
  'sms-ads': [FBS_PAPER],
  'courier-official': [FBS_PAPER],
  'public-service': [
    {
      publisher: '三秦都市报',
      title: '人社部门的通知不会要求提供银行卡、密码、验证码（真伪通知的区别）',
      date: '2025-04-12',
      url: 'https://epaper.sanqin.com/html/202504/12/content_903691.html',
    },
  ],
  'travel-official': [
    {
      publisher: '齐鲁晚报',
      title: '航空公司：认准官方客服（官方客服热线与官方APP办理退改签）',
      date: '2015-06-27',
      url: 'https://sjb.qlwb.com.cn/qlwb/content/20150627/ArticelC03003FM.htm',
    },
  ],
  'everyday-chat': [
    {
      publisher: '本项目',
      title:
        '家人、朋友、同事之间的日常消息，按公安反诈宣传中“真老师不在群里收款、转账先电话核实”等正当做法自写，不来自任何数据集',
    },
  ],
  'everyday-app': [FBS_PAPER],
};

function cite(s: PublicSource): string {
  const when = s.date ? `，${s.date}` : '';
  const where = s.url ? `，<${s.url}>` : '';
  return `${s.publisher}《${s.title}》${when}${where}`;
}

/** The Markdown of `bot/data/FAMILIES.md`, one line per family. */
export function familiesMarkdown(families: Family[], devFamilies: ReadonlySet<string>): string {
  const lines = [
    '# Families of the generated training corpus',
    '',
    'Generated by `npm run --silent bot -- families > bot/data/FAMILIES.md` from `bot/corpus/`; a test',
    'keeps it in step. Each family is written from the public description named here, in the',
    'project’s own words; names, numbers and links are random. Families marked *dev* are held out',
    'of training so that dev figures measure families the model has never seen.',
    '',
  ];
  for (const label of ['fraud', 'normal'] as const) {
    const list = families.filter((f) => f.label === label);
    lines.push(
      `## ${label === 'fraud' ? 'Scam families' : 'Ordinary families'} (${list.length})`,
      '',
    );
    for (const f of list) {
      const sources = SOURCES[f.source];
      if (!sources) throw new Error(`family ${f.id} names an unknown source ${f.source}`);
      const dev = devFamilies.has(f.id) ? ' *dev*' : '';
      lines.push(`- \`${f.id}\`${dev} — ${f.title}. Source: ${sources.map(cite).join('；')}`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
