/**
 * Explainable red flags: each says what was found, why it is a warning sign, how much it counts,
 * which pattern it points to, and where it is in the ORIGINAL text. Built-in generic rules plus
 * one signal per red flag of each explainer (`pattern:<slug>:<n>`), learned from content.
 */
import { isNegatedAt, type ExtractedEntities } from './entities.ts';
import {
  normalize,
  originalToNormalized,
  toOriginalSpan,
  type NormalizedText,
} from './normalize.ts';
import type { Knowledge, PatternKnowledge, Signal, Span } from './types.ts';

/** A signal with the bookkeeping scoring needs (normalized spans, the family it belongs to). */
export interface FoundSignal extends Signal {
  /** Spans in the normalized text, for overlap checks between signals. */
  normSpans: Span[];
  /** Generic rule id, `pattern`, `combo` or `listed`: the scorer counts overlapping evidence once. */
  family: string;
}

interface GenericRule {
  id: string;
  label: string;
  reason: string;
  weight: number;
  /** Pattern slug this rule is typical of. */
  pattern?: string;
  /** Any match fires the rule (its spans are reported). */
  match: RegExp;
  /** If set, the rule fires only when one of these also occurs (its spans are reported too). */
  with?: RegExp;
  /** False for phrases that are themselves orders to keep quiet (不要告诉家人). */
  negatable?: boolean;
}

// Patterns run on normalized text: lowercase, half-width punctuation (, : ! ? ( )), 。 kept,
// separators between CJK removed, 微信/qq evasions undone. Keep them cheap: no nested quantifiers.
const P = {
  police: 'impersonating-police',
  service: 'fake-customer-service',
  investment: 'fake-investment',
  loan: 'fake-loan',
  prize: 'fake-prize-points',
  shopping: 'fake-shopping',
  flight: 'flight-refund',
  game: 'game-trading',
  boss: 'impersonating-boss-acquaintance',
  family: 'impersonating-family',
  military: 'impersonating-military-purchase',
  medical: 'medical-insurance-card',
  romance: 'online-romance',
  task: 'shua-dan-fan-li',
  credit: 'fake-credit-record',
  elderly: 'elderly-health-products',
} as const;

/** Title words that find a pattern when a deployment named its explainer with another slug. */
const PATTERN_KEYWORDS: Record<string, string[]> = {
  [P.police]: ['公检法', '冒充警察', '安全账户'],
  [P.service]: ['冒充客服', '客服诈骗', '快递理赔'],
  [P.investment]: ['投资理财', '理财诈骗'],
  [P.loan]: ['贷款'],
  [P.prize]: ['中奖', '积分'],
  [P.shopping]: ['购物'],
  [P.flight]: ['机票', '航班'],
  [P.game]: ['游戏'],
  [P.boss]: ['领导', '熟人'],
  [P.family]: ['亲友', '子女', '猜猜我是谁'],
  [P.military]: ['军警', '部队'],
  [P.medical]: ['医保', '社保'],
  [P.romance]: ['婚恋', '杀猪盘'],
  [P.task]: ['刷单'],
  [P.credit]: ['征信', '校园贷'],
  [P.elderly]: ['保健品', '以房养老'],
};

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';

const TRANSFER_DEMAND =
  /(?:请|马上|立即|立刻|赶紧|赶快|尽快|速|先|必须|需要|需|要|你就|您就|把钱|将钱|把(?:所有|全部)?(?:存款|资金|钱)|将(?:所有|全部)?(?:存款|资金))[^。!?\n]{0,6}?(?:转账|汇款|打款|转钱|打钱|汇钱|转过去|打过去|转给|汇给|打给|转入|转到|汇入|汇到|存入|充值)|(?:转|汇|打|存|充)(?:到|入|进)(?:这个|以下|下面|下方|指定|我的|我们的|对方|对公|他的|医院)?的?(?:账户|账号|银行卡|卡号|卡上|卡里|平台)|(?:转|汇|打)[^。!?\n,]{1,8}?(?:到|进)(?:这个|以下|下面|我的|我们的|指定)?的?(?:账户|账号|银行卡|卡号|卡上|卡里)/g;

/** Built-in rules, from the Ministry of Public Security's common scam types and their tactics. */
const GENERIC_RULES: GenericRule[] = [
  {
    id: 'safe-account',
    label: '要求转到“安全账户”',
    reason: '公安、检察院、法院和银行都没有“安全账户”“监管账户”，让您把钱转过去的一定是骗子。',
    weight: 45,
    pattern: P.police,
    match:
      /(?:安全|监管|保护|清查|核查|清算|验资|国家|专用|审查)(?:账户|账号|帐户)|资金(?:清查|核查|审查|监管|验证)|(?:清查|核查|审查)(?:你的|您的)?资金|(?:对|把)(?:你|您)的?(?:资金|存款|账户)进行(?:审查|核查|清查)|指定的?(?:账户|账号|银行卡)|证明(?:你|您)?的?清白/g,
  },
  {
    id: 'transfer-demand',
    label: '催您转账汇款',
    reason: '对方在消息里要您把钱转出去。凡是陌生人、网上的人催着转账，都要先停下来核实。',
    weight: 10,
    match: TRANSFER_DEMAND,
  },
  {
    id: 'screen-share',
    label: '要求屏幕共享或远程控制',
    reason: '打开屏幕共享或远程软件，对方就能看到您的验证码、密码，甚至直接操作您的手机转走钱。',
    weight: 35,
    pattern: P.service,
    match:
      /(?<!我(?:来|会|先|再)?(?:开|打开)?)(?:屏幕|手机屏幕|桌面)共享|(?<!我(?:来|会|先|再)?)共享(?:你的|您的)?(?:手机)?(?:屏幕|桌面)|开(?:启|通)?共享|(?:帮(?:你|您)|我(?:来)?|让我|给(?:你|您))远程(?:控制|协助|操作|操控)|远程(?:控制|协助|操作|操控)(?:你的|您的)(?:手机|电脑)|向日葵(?!花|籽|油)|team\s?viewer|to\s?desk|any\s?desk/g,
  },
  {
    id: 'meeting-app',
    label: '要您下载会议或聊天软件',
    reason: '骗子常把人拉进会议软件或小众聊天软件，方便“屏幕共享”、躲开平台的风险提醒。',
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
      /(?:不要|不能|不许|别|千万别|千万不要|不准)(?:告诉|跟|和|让|对)?(?:我|你|您)?(?:任何人|家人|家里人|家里|子女|孩子|老伴|别人|其他人|亲戚|朋友|银行|爸妈|爸爸|妈妈|妈|爸|老婆|老公)(?:说|讲|知道)?|(?:不要|别)声张|(?:严格|绝对|全程|注意)?保密(?!协议|柜|箱|工作|规定)|案件?涉密|(?:找|去|到)(?:一)?个?(?:安静|没人|没有人|无人|单独)的?(?:房间|地方|宾馆)|单独(?:待|呆|在)(?:一个)?(?:房间|宾馆)|单独(?:找|去|开)(?:一)?个?(?:房间|地方|宾馆)|(?:去|到)(?:宾馆|酒店)开(?:个)?房(?:间)?|(?:不要|别)(?:报警|去派出所|去银行柜台)|(?:不要|别|不能)挂(?:断)?电话|银行(?:工作人员|柜员)?问(?:起|你|您)?[^。!?\n]{0,8}?(?:就说|你就说|您就说)/g,
  },
  {
    id: 'threat',
    label: '用抓人、冻结吓唬您',
    reason: '真正的公安、法院不会在电话里说要抓您、冻结您的钱，这是在吓您，让您慌了照着做。',
    weight: 15,
    pattern: P.police,
    match:
      /通缉(?:令)?|逮捕(?:令)?|拘留(?!所)|冻结令|传唤|坐牢|判刑|强制执行|后果自负|列入(?:失信)?黑名单|上(?:征信)?黑名单|妨碍(?:司法|公务)|(?:账户|银行卡|资金|存款|卡)(?:将|会|要|马上|即将|已经?)?(?:被)?[^。!?\n,]{0,3}?冻结/g,
  },
  {
    id: 'urgency',
    label: '催得很急',
    reason: '骗子总是催您“马上”“限时”办，就是不给您时间想、不给您机会问家人。',
    weight: 6,
    match:
      /立即|立刻|马上|尽快|赶紧|限时|限今日|仅限今日|今日内|今天之内|24小时内|逾期(?:将|会|作废|不处理)|最后一次|过期作废|名额有限|机会难得|(?:将|就|会)(?:停电|停水|停机|停气)/g,
  },
  {
    id: 'authority',
    label: '自称公检法说您涉案',
    reason: '公安、检察院、法院不会通过电话、微信办案，不会让您“配合调查”时转账。',
    weight: 25,
    pattern: P.police,
    match:
      /公安局|公安厅|公安部|派出所|检察院|检察官|法院|法官|民警|警官|警察|刑警|刑侦|经侦|网警|专案组|办案人员|国安|配合(?:我们)?办案|警官证|秘密调查|转接(?:到|给|至)?(?:当地)?(?:公安|警方|派出所|刑侦|经侦|检察院|法院)/g,
    with: /案件|涉嫌|洗钱|配合(?:我们)?(?:的)?(?:调查|办案)|协助调查|立案|嫌疑|涉案|犯罪|非法|传唤|传票|通缉|逮捕|被(?:人)?冒用|笔录|走私|违禁品|清白|资金|审查|监控|防护(?:app|软件)|转人工|转接|核实|秘密|保密|声张/g,
  },
  {
    id: 'accused',
    label: '说您涉嫌犯罪',
    reason: '真警察不会打个电话、发条消息就说您犯了罪。',
    weight: 25,
    pattern: P.police,
    match:
      /涉嫌(?:洗钱|犯罪|违法|诈骗|走私|拐卖|贩毒|非法集资|一起|特大|重大)|涉嫌[^。!?\n,]{0,8}?(?:案|罪|诈骗|违法)|(?:参与|涉及|卷入)了?(?:一起)?[^。!?\n,]{0,4}?(?:洗钱|诈骗案|案件|犯罪)|用(?:你|您)的身份(?:证|信息)[^。!?\n,]{0,4}?办了|(?:身份证|身份信息|银行卡|社保卡|医保卡)[^。!?\n]{0,4}?被(?:人)?冒用/g,
  },
  {
    id: 'boss',
    label: '冒充领导、熟人要钱',
    reason: '“领导”“熟人”用新号、新微信找您转账，多半是冒充的，一定要当面或打原来的电话核实。',
    weight: 30,
    pattern: P.boss,
    match: new RegExp(
      `我是(?:你|您)?(?:的|们)?(?:[^。!?\\n,]{1,4}的)?(?:领导|老板|主管|经理|局长|校长|主任|教导主任|辅导员|班主任|老师|董事长|总经理|老同学|同学|战友|老朋友|[${SURNAMES}](?:总|局|处|科长|经理|主任|校长))|(?:[${SURNAMES}]总|老板|领导)(?:在|,|:)?[^。!?\\n]{0,4}?(?:换了?(?:新)?(?:号|手机号|微信)|新(?:号|微信|qq))|换了?(?:个)?(?:新)?(?:号|手机号|手机号码|微信)(?:了)?|(?:这是|这个是)我(?:的)?新(?:号|微信|qq|手机号)|(?:老板|领导|[${SURNAMES}]总)[^。!?\\n]{0,4}?(?:说|让|要|交代|吩咐|安排)`,
      'g',
    ),
    with: /转账|打款|汇款|转一下|转过去|打过去|打一笔|付款|垫付|转给|打给|转到|借(?:我)?(?:点)?钱|借点|合同款|货款|的款|保证金|急用|周转|用钱|账户|账号|卡号|办件事|帮(?:我|个)忙|(?:来|到)我(?:的)?办公室|加我[^。!?\n]{0,4}?(?:qq|微信)|急事|拉你进(?:公司)?(?:新)?群|财务|(?:扫|二维)码[^。!?\n]{0,4}?(?:付款|缴费|支付)|统一(?:交|缴)|(?:交|缴)[^。!?\n]{0,4}?费/g,
  },
  {
    id: 'unreachable-asks-money',
    label: '说不方便接电话，却要您转钱',
    reason:
      '“在开会、不方便接电话”又让您帮忙转钱，是冒充领导、熟人的老套路：一定要打对方原来的号码或当面核实。',
    weight: 30,
    pattern: P.boss,
    match:
      /不方便(?:接|打|通)?(?:电话|语音|视频|说话)|(?:在|正在)开(?:个)?会|(?:手机|电话)(?:没电|坏了|打不通)/g,
    with: /(?:转|打|汇)[^。!?\n]{0,8}?(?:钱|款|[\d一二两三四五六七八九十百千]+(?:块|元|万))|转账|打款|汇款|垫付|借(?:我)?(?:点)?钱|先(?:帮我)?(?:转|付|垫)/g,
  },
  {
    id: 'advance-fee',
    label: '要先交钱才能拿钱',
    reason: '正规贷款、中奖、提现都不会先收“解冻费”“保证金”“手续费”。先交钱才给钱的，都是诈骗。',
    weight: 30,
    pattern: P.loan,
    match:
      /解冻(?:费|金)|(?:缴纳|交纳|交|缴|先付|补交|支付)[^。!?\n]{0,6}?(?:保证金|手续费|激活费|工本费|服务费|会员费|税费|个人所得税|所得税|关税|公证费|认证费|通道费|提现费|审核费|解冻金|解冻费|保险费|流水)|刷流水|验资|(?:先交|先付|先缴|先转|先充)[^。!?\n]{0,10}?(?:才能|才可以|方可|就能|就可以|再|领取|开通|激活|解冻|提现|放款)|(?:才能|才可以|方可)[^。!?\n]{0,4}?(?:放款|提现|到账|领取|解冻|发货|出款|放行)/g,
  },
  {
    id: 'high-return',
    label: '保证高收益、不亏本',
    reason: '投资没有稳赚不赔。保证高回报、有“内幕消息”“老师带单”的，都是诈骗。',
    weight: 30,
    pattern: P.investment,
    match:
      /稳赚不赔|稳赚不亏|稳赚|保本保息|保证收益|零风险|无风险|高回报|高收益|躺赚|包赚|只赚不赔|百分之百赚|100%赚|内幕消息|内部消息|内部认购|原始股|带单|喊单|荐股|牛股|必涨|涨停|(?<![昨今前七])(?:日|月)(?:收益|利息|回报)(?:率)?(?:\d{1,2}(?:\.\d+)?%|百分之)|(?:收益|利润|本金|资金|钱)[^。!?\n]{0,4}?(?:翻倍|翻番|翻十倍)|上市后[^。!?\n]{0,3}?翻|平台(?:有)?漏洞|系统漏洞|(?:送|推荐|荐)[^。!?\n]{0,4}?(?:潜力股|牛股|股票)|股票群|投资群|(?:跟着|跟)我(?:一起)?(?:投|买|做|操作)|带(?:你|您)(?:一起)?(?:赚|投|做|炒)|收益(?:很|非常|特别)高|保本不(?:亏|赔)|年化(?:收益率?)?(?:[1-9]\d|\d{3})(?:\.\d+)?%|股神|(?:老师|大师|导师)推(?:的)?(?:票|股)|跟一波|每天(?:稳定)?(?:收益|赚)[^。!?\n]{0,3}?(?:\d|[一二三四五六七八九十])|(?:每天|每日|每月)稳定收益|稳定收益\d|分析师带|专业团队(?:操盘|带)|(?:涨|翻)[^。!?\n]{0,2}?[十百\d]+倍|内部名额|(?:数字货币|虚拟币|usdt|炒币|区块链)[^。!?\n]{0,10}?(?:收益|赚|导师|平台)/g,
  },
  {
    id: 'task-rebate',
    label: '刷单、做任务返佣金',
    reason: '刷单本身违法。先给小甜头、再让您垫付大钱的“做任务返利”，全是诈骗。',
    weight: 35,
    pattern: P.task,
    match:
      /刷单|刷信誉|刷单|补单|连单|卡单|联单|返佣|点赞(?:关注)?[^。!?\n]{0,4}?(?:赚|返|佣金|一单|元)|做任务[^。!?\n]{0,6}?(?:返|赚|佣金)|任务(?:单|群|大厅|app)|垫付(?:本金|货款)?[^。!?\n]{0,6}?(?:返还|返|佣金)|动动手指|日赚\d|日结\d|足不出户[^。!?\n]{0,6}?赚|本金加佣金|本金(?:秒退|立即返还)|关注公众号[^。!?\n]{0,4}?(?:领|赚)|体验官|(?:第[一二三]|首)单[^。!?\n]{0,6}?(?:返|佣金)|(?:充值|垫付|拍下)[^。!?\n]{0,12}?(?:返还|返现|退款)|任务会员|另付[^。!?\n]{0,6}?佣金|看(?:视频|广告)[^。!?\n]{0,6}?(?:赚|返)|日(?:入|赚|收入)(?:过千|上千|\d)|月入(?:过万|上万|\d)|一个任务[^。!?\n]{0,4}?(?:\d|[一二两三四五六七八九十])|做满[^。!?\n]{0,6}?提现|(?:补|再做|重新做|重新补)(?:一|几)?单[^。!?\n]{0,12}?(?:才能|提现|提出)|好评返现|截图[^。!?\n]{0,8}?返(?:现|钱|佣)/g,
  },
  {
    id: 'credit-repair',
    label: '“注销校园贷”“修复征信”',
    reason: '征信不能花钱修复，“注销校园贷”“学生账户”也不需要转账，这都是骗局。',
    weight: 35,
    pattern: P.credit,
    match:
      /(?:修复|消除|洗白|清除|铲除|删除|撤销)[^。!?\n]{0,4}?(?:征信|逾期|不良记录|黑名单)|征信(?:修复|洗白)|注销[^。!?\n]{0,8}?(?:校园贷|学生账户|学生账号|学生身份|学生贷)|(?:校园贷|学生账户|学生身份)[^。!?\n]{0,16}?(?:注销|清零|关闭|影响征信)|(?:额度|账户)(?:清零|清空)|借出来[^。!?\n]{0,6}?转|额度[^。!?\n]{0,4}?借出|(?:在校|大学)期间[^。!?\n]{0,12}?(?:注册|开通|借)|学生(?:白条|花呗|借呗|金条|分期)/g,
  },
  {
    id: 'credit-threat',
    label: '拿“影响征信”吓您',
    reason: '骗子常说“不处理就影响征信”，逼您照做；真有问题，请自己打官方电话问。',
    weight: 15,
    pattern: P.credit,
    match: /影响[^。!?\n]{0,8}?征信|(?:上|进|记入|纳入)(?:你的|您的)?(?:个人)?征信/g,
  },
  {
    id: 'refund-service',
    label: '“客服”主动联系退款理赔',
    reason: '真客服退款会原路退回，不会主动打电话让您加好友、扫码、借钱或者开共享来“理赔”。',
    weight: 30,
    pattern: P.service,
    match:
      /(?:快递|包裹|快件)[^。!?\n]{0,6}?(?:丢失|丢了|丢件|破损|被烧|失火|损坏)[^。!?\n]{0,20}?(?:赔偿|理赔|赔付|补偿|退款)|(?:双倍|三倍|加倍|高额)(?:赔偿|理赔|退款)|主动(?:召回|理赔|退款|赔偿)|质量问题[^。!?\n]{0,10}?(?:赔偿|理赔|召回)|误开通|(?:开通了|误开)[^。!?\n]{0,10}?(?:扣费|扣款)|每(?:月|年)(?:自动)?(?:会)?扣(?:费|款|您|你)[^。!?\n]{0,3}?(?:\d|[一二三四五六七八九十百千])|(?:不|没)(?:关闭|取消)[^。!?\n]{0,8}?扣(?:费|款)|(?:批次|产品|商品)[^。!?\n]{0,4}?(?:有问题|不合格|质量问题)[^。!?\n]{0,12}?(?:退款|补偿|赔偿)|(?:关闭|取消)[^。!?\n]{0,4}?(?:百万保障|会员服务|扣费)|百万保障|(?:支付宝|开通|借出|打开|微信)[^。!?\n]{0,4}?备用金|(?:退款|理赔|赔偿)[^。!?\n]{0,8}?(?:专员|客服微信|加微信|扫码|进群|二维码|填写银行卡|银行卡信息)/g,
  },
  {
    id: 'prize',
    label: '中奖、积分兑现要点链接或交钱',
    reason: '天上不会掉馅饼。“中奖”“积分清零兑现金”要您点链接、填卡号或先交钱的，都是诈骗。',
    weight: 30,
    pattern: P.prize,
    match:
      /中奖|中得|抽中|一等奖|幸运(?:观众|用户|顾客)|场外观众|(?:积分|话费积分)[^。!?\n]{0,16}?(?:清零|过期|到期|兑换|兑现)|兑换(?:现金|礼品|礼包)|免单资格|[一二三四五六七八九特]等奖|(?:获得|赢取|领取|赢得)了?[^。!?\n]{0,6}?(?:奖品|奖金|大奖)/g,
    with: /链接|点击|登录|网址|http|www|\.com|\.cn|\.top|\.cc|手续费|税|保证金|公证费|银行卡|填写|客服微信|加客服|领取|身份证|个人信息/g,
  },
  {
    id: 'download-link',
    label: '要您点链接或下载APP',
    reason:
      '短信、聊天里的陌生链接和APP可能是假网站、木马，进去一填就被盗刷。请从官方应用商店、官网自己找。',
    weight: 12,
    match:
      /(?:下载|安装)[^。!?\n]{0,10}?(?:app|软件|客户端|平台|程序)|(?:下载|安装|登录|登陆|访问|打开)[^。!?\n]{0,3}?(?=https?:|www\.|[a-z0-9-]+\.(?:com|cn|top|cc|xyz|vip|net|shop|site|online|info|app)(?![a-z]))|点击[^。!?\n]{0,4}?(?:链接|网址|下方|以下|领取|查看|办理|申请)|点(?:击|开)\s?(?=https?:|www\.|[a-z0-9-]+\.[a-z]{2,})|(?:打开|复制|登录)(?:以下|下方)?(?:链接|网址|网站)|扫(?:描)?(?:二维)?码(?:下载|进群|加入|注册|付款|领取|填写)/g,
  },
  {
    id: 'relative-emergency',
    label: '“亲友”出急事要钱',
    reason:
      '自称孩子、亲友说出事了急需用钱，还让您别告诉别人，一定要先打他原来的号码或问其他家人。',
    weight: 30,
    pattern: P.family,
    match:
      /我是(?:你|您)的?(?:儿子|女儿|孙子|孙女|外孙|外孙女|侄子|侄女|外甥|外甥女|老同学|同学)|猜猜我是谁|听不出(?:我的?声音|来)|(?:手机|号)(?:掉了|丢了|坏了|掉水里|被偷)|(?:这是|用)[^。!?\n]{0,4}?(?:新号|小号|同事的?手机|朋友的?手机)|出(?:了)?(?:点)?(?:事|急事)了?|出车祸|打架|被(?:派出所|警察)?(?:抓|拘留|扣)(?:了|住)?|住院了?|抢救|急需(?:用)?(?:钱|手术费)|赎金|(?:qq|微信|号)被(?:盗|封)|(?:新换|刚换)的?(?:号|手机号)|被(?:派出所|警察)?带走|保释|借(?:同学|朋友|同事|别人)的?手机/g,
    with: /汇款|转账|(?:转|打|汇)(?:点|些)?钱|用钱|[一二两三四五六七八九十]+[千万]|打[^。!?\n]{0,4}?过来|转[^。!?\n]{0,4}?过来|转一下|[\d一二两三四五六七八九十百千]+万|借(?:我)?(?:点)?钱|打到|转到|卡号|账户|急用|罚款|手术费|押金|赎金|保证金|[\d一二两三四五六七八九十百千万]+(?:块|元)/g,
  },
  {
    id: 'medical-card',
    label: '说医保卡、社保卡出了问题',
    reason: '医保局、社保局不会打电话说卡被冻结、要您转账或“配合公安调查”。',
    weight: 30,
    pattern: P.medical,
    match:
      /(?:医保|社保)(?:卡|账户|账号)?[^。!?\n]{0,8}?(?:异常|冻结|违规|套取|套现|盗刷|被冒用|停用|欠费|注销|年审|升级|重新激活|激活|在外地|换新|换卡|更换)|(?:医保局|社保局|医保中心|社保中心)[^。!?\n]{0,12}?(?:冻结|违规|异常|转接|公安|停用)|涉嫌骗保/g,
  },
  {
    id: 'flight-compensation',
    label: '“航班取消”还给补偿',
    reason:
      '航空公司退改签只在官方APP、官网或官方电话办理，不会让您加好友、开共享或验证银行卡来领“补偿”。',
    weight: 30,
    pattern: P.flight,
    match: /(?:航班|机票|班机)[^。!?\n]{0,14}?(?:取消|延误|故障|出票失败|停飞)/g,
    with: /补偿|赔偿|理赔|延误险|改签费|手续费|银行卡|验证码|备用金|支付宝|屏幕共享|会议|微信|qq|00852|\+852|点击|链接|https?:|www\.|\.(?:com|cn|top|cc|xyz|vip|net)(?![a-z])/g,
  },
  {
    id: 'fake-loan',
    label: '贷款条件好得不正常',
    reason: '“无抵押、不看征信、秒到账”是假贷款的招牌话；真贷款不会在放款前收任何费用。',
    weight: 20,
    pattern: P.loan,
    match:
      /无抵押|免抵押|无担保|不看征信|不查征信|黑户(?:白户)?(?:都)?(?:可|能)贷|秒(?:批|到账|下款)|当天下款|低息贷|(?:卡号|银行卡号?)(?:填写)?(?:错误|填错)|还款能力|放款前|无需(?:家长同意|审核|征信)|大学生贷款|学生贷|零门槛|(?:凭)?身份证(?:就能|即可|就可以?)(?:借|贷|申请|办理|下款)|无需抵押|不用抵押|免担保|当天(?:放款|到账)|(?:极速|快速|秒速)(?:放款|下款|到账)|(?:最高|额度)(?:可达|高达)?[^。!?\n]{0,3}?\d+万[^。!?\n]{0,6}?(?:放款|下款|到账|秒批|无抵押)|前期[^。!?\n]{0,4}?(?:收|交)/g,
  },
  {
    id: 'game-trade',
    label: '游戏账号、装备私下交易',
    reason: '游戏交易离开官方平台就没有保障，“低价卖号”“免费领皮肤”“交易被冻结要交钱”都是骗局。',
    weight: 25,
    pattern: P.game,
    match:
      /(?:游戏|王者|吃鸡|原神)[^。!?\n]{0,6}?(?:账号|号|装备|皮肤|金币|点券|币|元宝)|免费[^。!?\n]{0,2}?皮肤|代充|点券|(?:小朋友|未成年)[^。!?\n]{0,20}?(?:扫码|付款|转账)/g,
    with: /私下交易|不走平台|加(?:我)?(?:微信|qq)|定金|保证金|解冻|认证费|扫(?:个|一下)?码|链接|网站|先付款|付款|转账/g,
  },
  {
    id: 'off-platform',
    label: '要离开平台私下交易',
    reason: '离开正规平台交易、直接转账付款，出了问题没人管，这是骗子惯用的一步。',
    weight: 25,
    pattern: P.shopping,
    match:
      /私下交易|不(?:走|支持|通过)平台|绕开(?:交易)?平台|平台(?:抽成|手续费)太高|微信转账直接发货|(?:先|需要)(?:交|付)[^。!?\n]{0,4}?定金[^。!?\n]{0,4}?锁单/g,
  },
  {
    id: 'military-purchase',
    label: '自称部队采购要您垫付',
    reason: '“部队采购”让商家先垫钱、找“指定供应商”进货的，都是冒充军人的骗局。',
    weight: 30,
    pattern: P.military,
    match: /部队|军队|武警|军区|营部|连队|后勤(?:处|部)|司务长|军官证/g,
    with: /采购|订购|订货|订餐|垫付|垫钱|供应商|厂家|代购|保证金/g,
  },
  {
    id: 'romance-investment',
    label: '网恋对象带您投资、要钱',
    reason: '网上认识、从不见面的“恋人”谈着谈着就带您投资、借钱，这是“杀猪盘”。',
    weight: 30,
    pattern: P.romance,
    match:
      /亲爱的|宝贝|老婆|老公|宝,|结婚|我们的未来|(?:一起|我们的?)(?:规划)?(?:未来|将来)|认识(?:你)?这么久|交个朋友|加错人了|婚恋|网恋/g,
    with: /平台|漏洞|博彩|彩票计划|投资|理财|充值|充[一二两三四五六七八九十\d]|提现|税费|保证金|数字货币|外汇|导师|网站|后台/g,
  },
  {
    id: 'contact-off-app',
    label: '要您加陌生微信、QQ或进群',
    reason: '把您拉到私人微信、QQ或群里，是为了躲开平台监管，方便行骗。',
    weight: 10,
    match:
      /加(?:我|一下)?(?:的)?(?:微信|qq|v(?![a-z]))|(?:详询|咨询|添加)(?:客服|专员|经理)?(?:的)?(?:微信|qq|v(?![a-z]))|(?:进|加)(?:入)?(?:qq|微信)?群|拉你进群|私聊|扫码进群/g,
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
    id: 'too-cheap',
    label: '价格低得不正常',
    reason: '远低于市价的“高仿”“代购”“罚没物资”，付了钱往往收不到货，还会被要求再交钱。',
    weight: 25,
    pattern: P.shopping,
    match:
      /高仿|一比一|1:1复刻|工厂直销|内部价|海关罚没|罚没物资|清仓(?:大)?甩卖|亏本甩|海外代购|代购|原价\d+|原价出|(?:便宜|低)(?:一半|\d成)|价格只要|茅台|飞天/g,
    with: /加(?:我)?(?:微信|qq|v)|私聊|详聊|先付|先交|定金|全款|不走平台|不支持平台|微信转账|加客服/g,
  },
  {
    id: 'third-party-payee',
    label: '让您把钱直接转给别人',
    reason: '“孩子”“领导”让您把钱直接打给老师、朋友、供应商的账户，是冒充身份诈骗的常见说法。',
    weight: 20,
    match:
      /(?:直接|帮我|先|你)(?:转|打|汇)(?:到|给)(?:我)?(?:的)?(?:老师|同学|朋友|他|她|对方|供应商|这个人|医院|警察)|(?:老师|同学|朋友|医院|供应商|警察叔叔|对方)的?(?:账户|卡号|银行卡|账号|卡上)/g,
  },
  {
    id: 'all-savings',
    label: '要您转走全部存款',
    reason: '让您把所有存款、全部积蓄都转出去的，只有骗子。',
    weight: 25,
    pattern: P.police,
    match: /(?:所有|全部)的?(?:存款|资金|积蓄|钱)|名下(?:所有|全部)?的?(?:资金|存款)/g,
    with: TRANSFER_DEMAND,
  },
  {
    id: 'phishing-notice',
    label: '说您的账户、包裹或证件出了问题，要点链接处理',
    reason:
      '“账户有风险”“ETC失效”“包裹异常”再附一个链接，是钓鱼网站的常见套路；请到官方APP或官网自己查。',
    weight: 25,
    match:
      /(?:账户|账号|包裹|快递|etc|社保卡|医保卡|信用卡|银行卡|手机|手机号|驾照|驾驶证|网银|证书)[^。!?\n]{0,6}?(?:存在|有)?(?:风险|异常|失效|过期|冻结|停用|停机|违规|违章|升级|认证)|(?:违章|违法)(?:记录)?[^。!?\n]{0,3}?(?:未处理|待处理)|滞纳金/g,
    with: /https?:|www\.|\.(?:com|cn|top|cc|xyz|vip|net|shop|site|online|info)(?![a-z])|点击|登录网址|登陆网址/g,
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
    reason: '“您有一张传票”“医保卡异常，请按9转人工”是诈骗电话的录音开场，按了就会接到骗子那里。',
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
      /(?:账户|账号|银行卡|卡)[^。!?\n]{0,8}?(?:异常(?:活动|交易|登录|操作)|未授权|不明(?:交易|转账)|被盗用|安全风险|违规操作)/g,
    with: /配合|提供(?:一下)?(?:您的|你的)?(?:姓名|全名|身份证|卡号|密码|验证码)|安全验证|验证身份|身份验证|核实(?:身份|信息)/g,
  },
  {
    id: 'parcel-problem',
    label: '说您的包裹出了问题要处理',
    reason: '“包裹被扣”“快递异常”再要您交钱、提供信息或点链接，多是冒充快递、海关的骗局。',
    weight: 20,
    pattern: P.service,
    match:
      /(?:包裹|快递|快件|邮包)[^。!?\n]{0,12}?(?:出现问题|有问题|发现问题|异常|扣留|被扣|滞留|违禁品|被退回|退回|地址不详|地址有误|地址错误|无法派送|派送失败)/g,
    with: /核实|提供|支付|缴纳|关税|点击|链接|配合|验证|理赔|赔偿|运费|补缴|重新填写/g,
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
      /扫(?:这个|下面的?|下方的?|一下)?(?:二维)?码[^。!?\n]{0,4}?(?:缴费|付款|支付|转账|交钱)/g,
  },
  {
    id: 'money-mule',
    label: '让您帮忙收钱、转钱或出借账户',
    reason: '帮陌生人、“老同学”收钱转钱或出借银行卡、电话卡，可能是在帮诈骗分子洗钱，是违法的。',
    weight: 30,
    match:
      /帮(?:我|忙)?收(?:一笔|点)?(?:钱|款)|收一笔钱再转|帮(?:忙|我)?(?:走|过)(?:一下)?(?:账|流水)|出租(?:银行卡|电话卡|账户|手机卡)|(?:借|租)(?:你|您)的(?:银行卡|卡|账户|微信|支付宝)(?:用)?/g,
  },
  {
    id: 'refund-talk',
    label: '说要给您退款、赔偿',
    reason: '“退款”“理赔”“补偿”是冒充客服诈骗的开场白；真退款会原路退回，不需要您做任何操作。',
    weight: 5,
    pattern: P.service,
    match: /退款|理赔|赔偿|补偿|退费/g,
  },
  {
    id: 'elderly-products',
    label: '保健品治病、以房养老',
    reason: '保健品不是药，不能治病；拿房子去“理财”“养老投资”，很可能房财两空。',
    weight: 25,
    pattern: P.elderly,
    match:
      /包治百病|根治|不用(?:再)?吃药|以房养老|房产抵押理财|养老(?:项目)?投资|养老项目|免费领鸡蛋|听讲座送/g,
  },
];

// Warning texts (police reminders, OTP texts) quote scam words to warn about them.
const ADVISORY =
  /凡是[^。!?\n]{0,40}?(?:都是|均为|均是|一律是|就是)(?:诈骗|骗子|骗局)|(?<!不)(?:都是|均为|均是|一律是)(?:诈骗|骗子|骗局)|(?:谨防|警惕|提防|当心|小心|防范)[^。!?\n]{0,16}?(?:诈骗|骗局|上当|受骗|骗子)|反诈(?:提醒|宣传|提示)|提高警惕|自称|(?:立即|直接|马上)挂断|(?:很可能|可能|像|看起来像)是?(?:一条)?(?:诈骗|骗局|骗子)|(?:提醒|提示)[^。!?\n]{0,40}?(?:诈骗|被骗|受骗|骗子|骗局|上当)|容易(?:被骗|上当|受骗)|(?:不听|不信|不转账)[,、]|12381|不会(?:通过电话|要求|向您索|让您|打电话)/;

interface CompiledFlag {
  id: string;
  label: string;
  reason: string;
  slug: string;
  patterns: RegExp[];
}

interface CompiledKnowledge {
  flags: CompiledFlag[];
  /** Generic pattern hint → the slug present in this knowledge (or undefined). */
  hints: Map<string, string | undefined>;
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

function resolveHint(slug: string, patterns: PatternKnowledge[]): string | undefined {
  if (patterns.some((p) => p.slug === slug)) return slug;
  const words = PATTERN_KEYWORDS[slug] ?? [];
  const found = patterns.find((p) =>
    words.some((w) => p.title.includes(w) || p.aliases.some((a) => a.includes(w))),
  );
  return found?.slug;
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
      const patterns = (rf.phrases ?? []).flatMap((ph) => {
        const re = phraseToRegExp(ph);
        return re ? [re] : [];
      });
      if (patterns.length === 0) return;
      flags.push({
        id: `pattern:${p.slug}:${n}`,
        label: rf.label,
        reason: rf.reason,
        slug: p.slug,
        patterns,
      });
    });
  }
  const hints = new Map<string, string | undefined>();
  for (const slug of Object.values(P)) hints.set(slug, resolveHint(slug, knowledge.patterns ?? []));
  const compiled = { flags, hints, titles };
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

/** True when the text reads as a warning about scams (a police reminder, an OTP text). */
export function isAdvisoryText(normalizedText: string): boolean {
  return ADVISORY.test(normalizedText);
}

/**
 * Finds every red flag in the text: generic rules, entity-based flags (验证码 requests, remote
 * control, short links, overseas numbers) and the explainers' red flags, plus co-occurrence bonuses.
 */
export function findSignals(
  n: NormalizedText,
  entities: ExtractedEntities,
  knowledge: Knowledge,
): FoundSignal[] {
  const t = n.text;
  const compiled = compileKnowledge(knowledge);
  const hint = (slug: string | undefined) => (slug ? compiled.hints.get(slug) : undefined);
  const found: FoundSignal[] = [];

  for (const rule of GENERIC_RULES) {
    const negatable = rule.negatable !== false;
    const spans = allMatches(rule.match, t, negatable);
    if (spans.length === 0) continue;
    if (rule.with) {
      const also = allMatches(rule.with, t, false);
      if (also.length === 0) continue;
      spans.push(...also.slice(0, 3));
    }
    const pattern = hint(rule.pattern);
    // Several different cues of one rule (无抵押 + 秒到账 + 不看征信) count more than one, up to 1.75×.
    const distinct = new Set(spans.map(([s, e]) => t.slice(s, e))).size;
    const weight = Math.round(rule.weight * Math.min(1.75, 1 + 0.25 * (distinct - 1)));
    found.push(
      makeSignal(
        n,
        {
          id: rule.id,
          label: rule.label,
          reason: rule.reason,
          weight,
          family: rule.id,
          ...(pattern ? { pattern } : {}),
        },
        spans,
      ),
    );
  }

  // The code request is found by the entity extractor (with its negation check).
  if (entities.verificationCodeRequests.length > 0) {
    const codeSpans: Span[] = [];
    for (const r of entities.verificationCodeRequests) {
      // Re-locate in normalized text: find normalized indices whose origin lies in the span.
      codeSpans.push(originalToNormalized(n, r.span));
    }
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
        codeSpans,
      ),
    );
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
              reason: '真正的 96110 来电显示为“本地区号 + 96110”，带 00 或 + 号开头的都是假冒的。',
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
    for (const re of flag.patterns) spans.push(...allMatches(re, t, true));
    if (spans.length === 0) continue;
    found.push(
      makeSignal(
        n,
        {
          id: flag.id,
          label: flag.label,
          reason: flag.reason,
          weight: 18,
          family: 'pattern',
          pattern: flag.slug,
        },
        spans,
      ),
    );
  }

  found.push(...combinations(n, found, compiled));

  if (isAdvisoryText(t) && !hasContactToAct(entities)) {
    // A reminder that quotes the scam words (凡是要求转到安全账户的都是诈骗) is not a scam; keep the
    // flags visible but let them count for little. Real 12381/police texts carry no links or ids.
    for (const s of found) s.weight = Math.round(s.weight * 0.3);
  }
  return found;
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

interface Combo {
  id: string;
  label: string;
  reason: string;
  weight: number;
  all: string[][];
  pattern?: string;
}

/** Red flags that are much worse together than apart. */
const COMBOS: Combo[] = [
  {
    id: 'combo:authority-transfer',
    label: '自称公检法，又要您转账',
    reason: '“警察”说您涉案再让您转钱，这是冒充公检法诈骗的典型套路，真警察绝不会这样做。',
    weight: 35,
    all: [
      ['authority', 'accused', 'threat'],
      ['safe-account', 'transfer-demand', 'verification-code', 'screen-share', 'personal-info'],
    ],
    pattern: P.police,
  },
  {
    id: 'combo:authority-secrecy',
    label: '自称公检法，又要您保密',
    reason: '真警察办案不会要您瞒着家人、单独待着。',
    weight: 20,
    all: [['authority', 'accused', 'safe-account'], ['secrecy']],
    pattern: P.police,
  },
  {
    id: 'combo:service-control',
    label: '“客服”退款理赔，又要共享屏幕、验证码或转账',
    reason: '这是冒充客服诈骗最常见的一步：借退款之名看您的屏幕、拿您的验证码、让您转钱。',
    weight: 30,
    all: [
      ['refund-service', 'flight-compensation', 'medical-card', 'credit-repair', 'refund-talk'],
      [
        'screen-share',
        'verification-code',
        'transfer-demand',
        'personal-info',
        'meeting-app',
        'guided-operation',
        'password-request',
      ],
    ],
  },
  {
    id: 'combo:money-secrecy',
    label: '要钱，还不让您告诉别人',
    reason: '又催转账又叮嘱保密，是骗子怕您被家人、银行拦下。',
    weight: 20,
    all: [['transfer-demand', 'safe-account', 'relative-emergency', 'boss'], ['secrecy']],
  },
  {
    id: 'combo:link-bait',
    label: '诱人的好处加一个链接',
    reason: '用中奖、补贴、理赔、积分吸引您点链接，是钓鱼网站的常见套路。',
    weight: 15,
    all: [
      [
        'prize',
        'refund-service',
        'medical-card',
        'flight-compensation',
        'high-return',
        'task-rebate',
        'fake-loan',
        'parcel-problem',
      ],
      ['download-link', 'short-link'],
    ],
  },
  {
    id: 'combo:loan-contact',
    label: '贷款广告拉您私下联系',
    reason: '正规贷款在银行或持牌机构的官方渠道办理，不会让您加私人微信、QQ来“办理放款”。',
    weight: 15,
    all: [['fake-loan'], ['contact-off-app']],
  },
  {
    id: 'combo:code-impersonation',
    label: '冒充身份又要验证码',
    reason: '冒充客服、警察、领导或亲友再要验证码，是为了登录您的账户转走钱。',
    weight: 20,
    all: [
      [
        'authority',
        'refund-service',
        'boss',
        'relative-emergency',
        'medical-card',
        'flight-compensation',
        'prize',
        'benefit-bait',
        'phishing-notice',
      ],
      ['verification-code', 'personal-info'],
    ],
  },
  {
    id: 'combo:urgent-money',
    label: '催着马上转钱',
    reason: '越是催您马上转钱，越要停下来先核实。',
    weight: 10,
    all: [
      ['urgency', 'threat'],
      ['transfer-demand', 'safe-account', 'advance-fee'],
    ],
  },
];

function combinations(
  n: NormalizedText,
  found: FoundSignal[],
  compiled: CompiledKnowledge,
): FoundSignal[] {
  const byId = new Map(found.map((s) => [s.id, s]));
  const out: FoundSignal[] = [];
  for (const combo of COMBOS) {
    const parts: FoundSignal[] = [];
    let ok = true;
    for (const group of combo.all) {
      const hit = group.map((id) => byId.get(id)).find((s): s is FoundSignal => s !== undefined);
      if (!hit) {
        ok = false;
        break;
      }
      parts.push(hit);
    }
    if (!ok) continue;
    const pattern = combo.pattern
      ? compiled.hints.get(combo.pattern)
      : parts.find((p) => p.pattern)?.pattern;
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
    if (s.family !== 'pattern' || !s.pattern) continue;
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
