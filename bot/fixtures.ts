/**
 * A small, hand-made knowledge object for tests that must not depend on the explainers and notices
 * editors change in content/ (one pattern, a few blocklist entries of each kind).
 */
import { buildKnowledge, type NoticeEntryInput } from './knowledge.ts';
import { emptyEntities } from './entities.ts';
import { entityKey, isPersonalKind } from './entity-key.ts';
import { maskExposureValue } from './mask.ts';
import type {
  BlocklistEntry,
  Knowledge,
  PatternKnowledge,
  PersonalMatcher,
  Verdict,
} from './types.ts';

/** A cut-down 冒充公检法 explainer. */
export const FIXTURE_POLICE_PATTERN: PatternKnowledge = {
  slug: 'impersonating-police',
  title: '冒充公检法诈骗',
  summary: '有人自称警察说您涉嫌犯罪，要您把钱转到“安全账户”，这一定是诈骗。',
  aliases: ['冒充公检法'],
  redFlags: [
    {
      id: 'accused',
      label: '说您涉嫌犯罪',
      phrases: ['涉嫌洗钱', '通缉令'],
      reason: '真警察不会打个电话就给您定罪。',
    },
    {
      id: 'safe-account',
      label: '要把钱转到“安全账户”',
      phrases: ['安全账户', '资金清查'],
      reason: '公安机关没有“安全账户”。',
    },
  ],
  dos: ['直接挂断，自己拨打 110 核实。'],
  donts: ['不要往任何“安全账户”转钱。'],
};

const SOURCE = { title: '测试通告（示例）', date: '2026-01-01', href: '/exposure/test/' };

/** Notice entries of every kind: scam lines, links, ids, and personal data (server-matched only). */
export const FIXTURE_NOTICE_ENTRIES: NoticeEntryInput[] = [
  {
    kind: 'phone',
    value: '16700000001',
    pattern: 'impersonating-police',
    note: '冒充民警来电。',
    source: SOURCE,
  },
  { kind: 'phone', value: '0635-60001001', note: '冒充医保局来电。', source: SOURCE },
  {
    kind: 'url',
    value: 'https://safe-check.example/verify',
    note: '假冒资金清查网页。',
    source: SOURCE,
  },
  { kind: 'qq', value: '100000012', note: '刷单派单员QQ。', source: SOURCE },
  { kind: 'wechat', value: 'wxid_sample001', note: '假投资导师微信。', source: SOURCE },
  { kind: 'app', value: '鑫盛理财Pro', note: '虚假投资APP。', source: SOURCE },
  {
    kind: 'account',
    value: '6222 0000 0000 0000 011',
    note: '“安全账户”收款卡。',
    source: SOURCE,
  },
  { kind: 'person-phone', value: '+86 167-0000-0090', note: '涉诈人员电话。', source: SOURCE },
  { kind: 'id-card', value: '990000198001010012', note: '涉诈人员身份证。', source: SOURCE },
  { kind: 'person', value: '张某某', note: '涉诈人员。', source: SOURCE },
];

/**
 * Knowledge with one pattern and blocklist entries of scam lines, links and ids (the personal
 * entries of FIXTURE_NOTICE_ENTRIES are left out, as in the public file).
 */
export function fixtureKnowledge(): Knowledge {
  return buildKnowledge({
    version: 'fixture',
    patterns: [FIXTURE_POLICE_PATTERN],
    entries: FIXTURE_NOTICE_ENTRIES,
    hotlines: [
      { number: '110', name: '报警电话', emergency: true },
      { number: '96110', name: '反诈预警劝阻专线' },
    ],
  });
}

/**
 * A stand-in for the server's personal-entry matcher over FIXTURE_NOTICE_ENTRIES, by clear key
 * (the server compares keyed HMACs: functions/security/personal-lookup.ts).
 */
export function fixturePersonalMatcher(): PersonalMatcher {
  const byKey = new Map<string, BlocklistEntry[]>();
  FIXTURE_NOTICE_ENTRIES.forEach((e, i) => {
    if (!isPersonalKind(e.kind)) return;
    const id = `${e.kind}|${entityKey(e.kind, e.value)}`;
    const entry: BlocklistEntry = {
      kind: e.kind,
      key: `notice:${i}`,
      display: maskExposureValue(e.kind, e.value),
      source: e.source,
      note: e.note,
    };
    byKey.set(id, [...(byKey.get(id) ?? []), entry]);
  });
  return (kind, key) => byKey.get(`${kind}|${key}`) ?? [];
}

/** Two patterns (冒充公检法 and 刷单) for the LLM prompt and merge tests. */
export const LLM_KNOWLEDGE: Knowledge = {
  version: 'test',
  blocklist: [],
  patterns: [
    {
      slug: 'impersonating-police',
      title: '冒充公检法诈骗',
      summary: '骗子冒充警察，说您涉案，让您把钱转到“安全账户”。',
      aliases: ['冒充警察'],
      redFlags: [
        {
          id: 'safe-account',
          label: '安全账户',
          phrases: ['安全账户'],
          reason: '公安机关没有安全账户。',
        },
      ],
      dos: ['挂断电话，自己拨打 110 核实。'],
      donts: ['不要转账。'],
    },
    {
      slug: 'order-brushing',
      title: '刷单返利诈骗',
      summary: '先给小甜头，再让您垫付大额资金。',
      aliases: ['刷单'],
      redFlags: [
        { id: 'task-commission', label: '刷单', phrases: ['刷单'], reason: '刷单本身违法。' },
      ],
      dos: ['不参与刷单。'],
      donts: ['不要垫付。'],
    },
  ],
};

/** A 高风险 冒充公检法 engine verdict with one signal, for the LLM tests; `over` replaces fields. */
export function engineVerdict(over: Partial<Verdict> = {}): Verdict {
  return {
    level: '高风险',
    score: 85,
    pattern: { slug: 'impersonating-police', title: '冒充公检法诈骗' },
    signals: [
      {
        id: 'safe-account',
        label: '安全账户',
        reason: '公安机关没有安全账户。',
        weight: 40,
        spans: [[10, 14]],
      },
    ],
    entities: emptyEntities(),
    advice: ['不要转账。'],
    source: 'engine',
    ...over,
  };
}
