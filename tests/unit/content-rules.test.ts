/**
 * Rules the published content must keep, checked on the files themselves: advice that could cost
 * a victim money if it were out of order, phone numbers that dial, and sample data that can
 * belong to no one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import YAML from 'yaml';
import { analyze } from '../../bot/analyze.ts';
import { loadKnowledgeFromContent, loadPatternContent } from '../../bot/content-loader.ts';
import { findPhoneNumbers, numberUse } from '../../site/lib/phone.ts';
import { PERSONAL_KINDS } from '../../site/lib/taxonomy.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface ContentFile {
  file: string;
  data: Record<string, unknown>;
  body: string;
}

function readMdx(dir: string): ContentFile[] {
  const abs = join(ROOT, 'content', dir);
  return readdirSync(abs)
    .filter((f) => f.endsWith('.mdx'))
    .sort()
    .map((f) => {
      const src = readFileSync(join(abs, f), 'utf8');
      const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(src);
      if (!m) throw new Error(`content/${dir}/${f}: no frontmatter`);
      return { file: `content/${dir}/${f}`, data: YAML.parse(m[1]!), body: m[2]! };
    });
}

/** The numbered items of the body section under `## <heading>`. */
function sectionSteps(body: string, heading: string): string[] {
  const start = body.indexOf(`## ${heading}`);
  if (start === -1) return [];
  const rest = body.slice(start).split('\n').slice(1);
  const end = rest.findIndex((l) => l.startsWith('## '));
  return (end === -1 ? rest : rest.slice(0, end))
    .filter((l) => /^\d+\.\s/.test(l))
    .map((l) => l.replace(/^\d+\.\s+/, ''));
}

/** 110 as a number of its own, not the tail of 96110. */
const CALL_110 = /(?<!\d)110(?!\d)/;

const patterns = readMdx('patterns');

describe('what to do now', () => {
  test('every explainer has a 现在该怎么做 list', () => {
    for (const p of patterns)
      expect(sectionSteps(p.body, '现在该怎么做').length, p.file).toBeGreaterThan(1);
  });

  test('the 110 step (money already moved) comes first in every 现在该怎么做', () => {
    for (const p of patterns) {
      const [first] = sectionSteps(p.body, '现在该怎么做');
      expect(first, p.file).toMatch(CALL_110);
      expect(first, p.file).toMatch(/转了钱|转账|付了钱|交了钱|给了钱/);
    }
  });

  test('the 110 step also leads each explainer’s 应该这样做 list', () => {
    for (const p of patterns) {
      const dos = p.data['dos'] as string[];
      expect(dos[0], p.file).toMatch(CALL_110);
    }
  });
});

/** Every file under `dir` (recursively) whose name ends with one of `exts`, relative to ROOT. */
function filesUnder(dir: string, exts: string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(ROOT, rel), { withFileTypes: true })) {
      const path = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else if (exts.some((x) => e.name.endsWith(x))) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

describe('the 96110 caller-ID rule', () => {
  // Genuine calls show the calling centre's own area code (属地区号 + 96110), so a call from
  // another city's anti-fraud centre is real; a 00 or + prefix marks a fake.
  const explaining = [
    ...filesUnder('content', ['.mdx', '.json', '.yaml']),
    ...filesUnder('site', ['.astro', '.tsx', '.json']),
    'bot/signals.ts',
    'bot/advice.ts',
  ]
    .map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }))
    .filter(({ text }) => /96110[^\n]{0,40}来电显示|来电显示[^\n]{0,40}96110/.test(text));

  test('is explained in the hotlines page, the emergency panel and the engine', () => {
    const files = explaining.map((e) => e.file);
    for (const f of [
      'content/pages/hotlines.mdx',
      'site/components/EmergencyPanel.astro',
      'bot/signals.ts',
    ])
      expect(files).toContain(f);
  });

  test('never limits genuine calls to the local area code, and names 00 and + as fakes', () => {
    for (const { file, text } of explaining) {
      expect(text, file).not.toMatch(/本地区号/);
      expect(text, file).toMatch(/区号\s*\+\s*96110/);
      expect(text, file).toMatch(/00/);
      expect(text, file).toMatch(/\+\s*号|“\+”|「\+」|、\+/);
    }
  });

  test('always adds that a real 96110 never asks for money', () => {
    for (const { file, text } of explaining)
      expect(text, file).toMatch(
        /96110[^。\n]{0,12}(?:从不|从来不|不会)[^。\n]{0,20}(?:转钱|转账|要钱)/,
      );
  });
});

/** Explainers added for the scams people meet in 2026 (issue 10); each must teach the bot well. */
const NEW_EXPLAINERS = [
  'impersonating-anti-fraud',
  'ai-deepfake',
  'card-renting',
  'pension-scams',
  'online-gambling',
  'sextortion',
  'recovery-scam',
];

describe('explainers teach the scam-check bot', () => {
  const knowledge = loadKnowledgeFromContent(ROOT);
  const content = loadPatternContent(ROOT);

  test('a message made of an explainer’s sample scripts is flagged with that explainer', () => {
    for (const p of content) {
      const v = analyze(p.scripts.join('\n'), knowledge);
      expect(v.level, p.slug).not.toBe('未发现明显诈骗特征');
      expect(v.pattern?.slug, p.slug).toBe(p.slug);
    }
  });

  test('each new explainer has at least 5 red flags and 2 sample scripts', () => {
    for (const slug of NEW_EXPLAINERS) {
      const p = content.find((c) => c.slug === slug);
      expect(p, slug).toBeDefined();
      expect(p!.redFlags.length, slug).toBeGreaterThanOrEqual(5);
      expect(p!.scripts.length, slug).toBeGreaterThanOrEqual(2);
    }
  });

  test('no red-flag phrase belongs to two explainers, so a match points to one family', () => {
    const owner = new Map<string, string>();
    for (const p of content)
      for (const phrase of p.redFlags.flatMap((f) => f.phrases)) {
        const other = owner.get(phrase);
        expect(other === undefined || other === p.slug, `${phrase}: ${other} and ${p.slug}`).toBe(
          true,
        );
        owner.set(phrase, p.slug);
      }
  });
});

/**
 * Why a sample exposure value can belong to no one, or undefined when it could be real. An
 * allow-list: each kind names the one kind of value no operator, bank or platform ever issues.
 */
function impossibleBecause(kind: string, value: string): string | undefined {
  const v = value.trim();
  // No real mobile number hides anywhere in a sample value (1[3-9] + 9 digits).
  if (/(?<!\d)1[3-9]\d{9}(?!\d)/.test(v.replace(/[\s-]/g, ''))) return undefined;
  switch (kind) {
    case 'phone':
    case 'person-phone':
      // Local numbers start with 2-9 (0 is the trunk prefix); +44 7700 900xxx is Ofcom's drama range.
      if (/^0\d{2,3}-0\d{6,7}$/.test(v)) return 'local number after the area code starts with 0';
      if (/^\+44 ?7700 ?900\d{3}$/.test(v)) return 'UK range reserved for fiction (Ofcom)';
      return undefined;
    case 'url': {
      const host = v
        .replace(/^[a-z]+:\/\//i, '')
        .split(/[/:?#]/)[0]!
        .toLowerCase();
      return /\.(example|test|invalid)$/.test(host)
        ? 'reserved top-level domain (RFC 2606)'
        : undefined;
    }
    case 'qq':
    case 'wechat':
      // Every id the build accepts (site/lib/exposure-values.ts) could be someone's: samples
      // carry none of these kinds.
      return undefined;
    case 'account':
      // Card numbers starting with 0 are not banking (ISO/IEC 7812 industry 0), and account
      // numbers lead with bank and branch codes: ten leading zeros are no one's.
      return /^0{10}\d+$/.test(v) ? 'no bank issues a number led by ten zeros' : undefined;
    case 'id-card':
      return /^99/.test(v) ? 'no province has region code 99' : undefined;
    case 'person':
      return /^\p{Script=Han}某某$/u.test(v) ? 'surname + 某某, no one in particular' : undefined;
    case 'app':
    case 'company':
      return /示例|某某/.test(v) ? 'named as a sample' : undefined;
    default:
      return undefined;
  }
}

describe('sample exposure data', () => {
  const notices = readdirSync(join(ROOT, 'content', 'notices'))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({
      file: `content/notices/${f}`,
      doc: YAML.parse(readFileSync(join(ROOT, 'content', 'notices', f), 'utf8')) as {
        title: string;
        summary: string;
        sample?: boolean;
        entries: { kind: string; value: unknown }[];
      },
    }));

  test('the check rejects values in real ranges (the ones the sample once used)', () => {
    for (const [kind, value] of [
      ['phone', '16700000001'],
      ['phone', '17100000101'],
      ['phone', '0635-60001001'],
      ['phone', '+85270000101'],
      ['person-phone', '16700000090'],
      ['qq', '100000012'],
      ['wechat', 'wxid_sample001'],
      ['account', '6222000000000000011'],
      ['id-card', '110101198001010012'],
      ['app', '速贷宝'],
      ['url', 'https://safe-check.com'],
    ])
      expect(impossibleBecause(kind!, value!), `${kind} ${value}`).toBeUndefined();
  });

  test('while this deployment is a sample, every notice is marked sample and says 示例', () => {
    const site = JSON.parse(readFileSync(join(ROOT, 'content', 'site.json'), 'utf8')) as {
      isSample?: boolean;
    };
    if (!site.isSample) return;
    for (const { file, doc } of notices) {
      expect(doc.sample, file).toBe(true);
      expect(`${doc.title}${doc.summary}`, file).toContain('示例');
    }
  });

  test('the bot knowledge (open data) marks every sample entry, and the verdict says 示例', () => {
    const k = loadKnowledgeFromContent(ROOT);
    const sampleEntries = k.blocklist.filter((e) => e.sample);
    // Personal kinds never go into the public knowledge file, sample or not.
    const isPublic = (kind: string) => !(PERSONAL_KINDS as readonly string[]).includes(kind);
    expect(sampleEntries.length).toBe(
      notices
        .filter((n) => n.doc.sample)
        .reduce((sum, n) => sum + n.doc.entries.filter((e) => isPublic(e.kind)).length, 0),
    );
    for (const e of sampleEntries) expect(e.source.title, e.display).toContain('示例');
    const listedPhone = sampleEntries.find((e) => e.kind === 'phone');
    if (listedPhone) {
      const v = analyze(`请马上回电 ${listedPhone.display} 办理`, k);
      const listed = v.signals.find((s) => s.id === 'listed:phone');
      expect(listed?.reason).toContain('示例数据');
    }
  });

  test('while this deployment is a sample, every alert is marked sample', () => {
    const site = JSON.parse(readFileSync(join(ROOT, 'content', 'site.json'), 'utf8')) as {
      isSample?: boolean;
    };
    if (!site.isSample) return;
    for (const a of readMdx('alerts')) expect(a.data['sample'], a.file).toBe(true);
  });

  test('no sample value is in a real range', () => {
    for (const { file, doc } of notices.filter((n) => n.doc.sample))
      for (const e of doc.entries)
        expect(
          impossibleBecause(e.kind, String(e.value)),
          `${file}: ${e.kind} ${String(e.value)}`,
        ).toBeDefined();
  });
});

describe('numbers a reader can find themselves', () => {
  // Source titles quote other publications as they are; only the site's own words are checked.
  const all = filesUnder('content', ['.mdx', '.yaml', '.json']).map((file) => ({
    file,
    text: readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .filter((l) => !/^\s*(?:-\s*)?title:/.test(l))
      .join('\n'),
  }));

  test('the bank is reached on the number on the back of the card, not a vague “official line”', () => {
    for (const { file, text } of all) {
      expect(text, file).not.toMatch(/银行(?:的)?官方(?:客服)?电话|运营商、银行的官方客服/);
      if (/打银行|银行的?客服/.test(text)) expect(text, file).toMatch(/银行卡背面的客服电话/);
    }
  });

  test('medical insurance questions go to 12393, not “the local official line”', () => {
    for (const { file, text } of all) expect(text, file).not.toMatch(/官方医保服务电话/);
    const medical = all.find((f) => f.file.endsWith('/medical-insurance-card.mdx'));
    expect(medical?.text).toContain('12393');
  });
});

describe('the about page', () => {
  const about = readFileSync(join(ROOT, 'content/pages/about.mdx'), 'utf8');

  test('rests the work on the law’s 打防管控 (art. 4), not on an old three-year plan', () => {
    expect(about).toContain('打防管控');
    expect(about).toMatch(/第四条/);
    const plan = about.split('\n').find((l) => l.includes('一年重大突破'));
    expect(plan, 'the 2021 plan is dated as history').toMatch(/2021/);
  });
});

describe('what a stop-payment can do', () => {
  test('nothing promises to get the money back; 止付 is said to hold only what is still there', () => {
    const files = [
      ...filesUnder('content', ['.mdx', '.json']),
      ...filesUnder('site', ['.astro', '.tsx', '.json']),
    ];
    for (const file of files) {
      // Quoted words (“保证追回”) are scammers' claims being exposed, not promises.
      const text = readFileSync(join(ROOT, file), 'utf8').replace(/“[^”]*”/g, '');
      expect(text, file).not.toMatch(/把钱追回来|把钱截下来|(?<!不)一定能追回|保证追回/);
    }
    const hotlines = readFileSync(join(ROOT, 'content/pages/hotlines.mdx'), 'utf8');
    expect(hotlines).toMatch(/还留在这个账户里的钱/);
  });
});

describe('phone numbers in content', () => {
  /** Every string a reader sees as text, with where it came from; scam scripts apart. */
  function readerText(): { where: string; text: string; quoted: boolean }[] {
    const out: { where: string; text: string; quoted: boolean }[] = [];
    const walk = (where: string, v: unknown, quoted: boolean) => {
      if (typeof v === 'string') out.push({ where, text: v, quoted });
      else if (Array.isArray(v)) v.forEach((x, i) => walk(`${where}[${i}]`, x, quoted));
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v))
          // Scripts and red-flag phrases quote scammers: their numbers must never dial.
          walk(`${where}.${k}`, x, quoted || k === 'scripts' || k === 'phrases');
    };
    for (const dir of ['patterns', 'alerts', 'pages'])
      for (const f of readMdx(dir)) {
        const { sources: _s, ...data } = f.data;
        walk(f.file, data, false);
        out.push({ where: `${f.file} (body)`, text: f.body, quoted: false });
      }
    return out;
  }

  test('content never hand-makes a tel: link (the build makes them from site.json)', () => {
    for (const file of filesUnder('content', ['.mdx']))
      expect(readFileSync(join(ROOT, file), 'utf8'), file).not.toMatch(/\]\(tel:|href=["']tel:/);
  });

  test('finds the numbers content names (the check is not vacuous)', () => {
    const all = readerText().flatMap((t) => findPhoneNumbers(t.text).map((p) => p.text));
    expect(all).toContain('110');
    expect(all).toContain('96110');
    expect(all).toContain('12393');
  });

  test('every number a reader may tap is listed in content/site.json (or is a sample there)', () => {
    for (const { where, text, quoted } of readerText())
      for (const p of findPhoneNumbers(text)) {
        if (p.form === 'caller-id') continue;
        if (quoted)
          expect(
            impossibleBecause('phone', p.text),
            `${where}: a scammer's number quoted in content must be a sample no one owns: ${p.text}`,
          ).toBeDefined();
        else
          expect(
            numberUse(p.text),
            `${where}: ${p.text} is not in content/site.json`,
          ).toBeDefined();
      }
  });
});
