/**
 * The tip-off (有奖举报) input: one zod schema shared by the report form island, the no-JS form route
 * and the API, with kind Chinese messages. Pure: no Node or DOM APIs, safe to bundle for the browser.
 */
import { z } from 'zod';
import { siteConfig } from '../../site/lib/site-config.ts';
import { noNulString } from './text.ts';

/** What a tip-off is about: code → the name shown to people. */
export const TIPOFF_CATEGORIES = {
  phone: '诈骗电话',
  'sms-link': '诈骗短信/链接',
  'app-site': '诈骗APP/网站',
  cards: '买卖银行卡/电话卡（两卡）',
  den: '诈骗窝点/人员',
  'fake-base-station': '伪基站/黑广播',
  'personal-data': '贩卖个人信息',
  other: '其他',
} as const;
export type TipoffCategory = keyof typeof TIPOFF_CATEGORIES;
export const TIPOFF_CATEGORY_KEYS = Object.keys(TIPOFF_CATEGORIES) as [
  TipoffCategory,
  ...TipoffCategory[],
];

/** Kinds of things a citizen can list (numbers, links, apps, accounts…): code → label. */
export const TIPOFF_ENTITY_KINDS = {
  phone: '电话号码',
  url: '网址/链接',
  app: 'APP名称',
  account: '银行卡/收款账户',
  qq: 'QQ号',
  wechat: '微信号',
  other: '其他',
} as const;
export type TipoffEntityKind = keyof typeof TIPOFF_ENTITY_KINDS;
export const TIPOFF_ENTITY_KIND_KEYS = Object.keys(TIPOFF_ENTITY_KINDS) as [
  TipoffEntityKind,
  ...TipoffEntityKind[],
];

/** Where a tip-off stands, as the citizen sees it on the status page: code → label. */
export const TIPOFF_STATUS_LABELS = {
  received: '已收到',
  reviewing: '核查中',
  'need-info': '需补充材料',
  accepted: '已采纳',
  rejected: '未采纳',
  'reward-pending': '奖励待领取',
  'reward-paid': '奖励已发放',
} as const;
export type TipoffStatus = keyof typeof TIPOFF_STATUS_LABELS;
export const TIPOFF_STATUS_KEYS = Object.keys(TIPOFF_STATUS_LABELS) as [
  TipoffStatus,
  ...TipoffStatus[],
];

/**
 * A case still being worked on: the queue shows these by default, and only these can be decided,
 * merged or have material added by the citizen.
 */
export const OPEN_STATUSES: readonly TipoffStatus[] = ['received', 'reviewing', 'need-info'];

/** Limits the form shows and the API enforces. */
export const TIPOFF_LIMITS = {
  descriptionMin: 10,
  descriptionMax: 2000,
  entitiesMax: 20,
  entityValueMax: 200,
  contactNameMax: 20,
  contactOtherMax: 100,
  infoTextMax: 2000,
  /** Screenshots per submission (and per added-info message). */
  attachmentsMax: 3,
  attachmentBytesMax: 5 * 1024 * 1024,
} as const;

// Mainland mobile (optionally +86) or landline with area code (optionally an extension).
const MOBILE = /^(?:\+?86)?(1[3-9]\d{9})$/;
const LANDLINE = /^(0\d{2,3})(\d{7,8})(?:(?:转|#|ext)(\d{1,6}))?$/i;

/** Normalizes a contact phone (spaces, dashes, brackets dropped); undefined if it is not one. */
export function normalizeContactPhone(raw: string): string | undefined {
  const s = raw.replace(/[\s()（）-]/g, '');
  const m = MOBILE.exec(s);
  if (m) return m[1];
  const l = LANDLINE.exec(s);
  if (l) return `${l[1]}-${l[2]}${l[3] ? `-${l[3]}` : ''}`;
  return undefined;
}

/** Today's date in China (UTC+8), as YYYY-MM-DD: a tip-off cannot be about tomorrow. */
function todayInChina(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

const trimmed = (max: number, message: string) => noNulString().trim().max(max, message);

export const TipoffEntitySchema = z.object({
  kind: z.enum(TIPOFF_ENTITY_KIND_KEYS, { error: '请选择号码或账号的类型' }),
  value: noNulString({ error: '请填写号码、链接或账号' })
    .trim()
    .min(1, '请填写号码、链接或账号')
    .max(TIPOFF_LIMITS.entityValueMax, '这一项太长了（最多200个字）'),
});

export const TipoffContactSchema = z
  .object({
    name: trimmed(TIPOFF_LIMITS.contactNameMax, '称呼最多20个字').optional(),
    phone: z
      .string({ error: '请填写手机号或带区号的固定电话' })
      .transform((v, ctx) => {
        if (v.trim() === '') return undefined;
        const n = normalizeContactPhone(v);
        if (!n) {
          ctx.addIssue({ code: 'custom', message: '请填写正确的手机号或带区号的固定电话' });
          return z.NEVER;
        }
        return n;
      })
      .optional(),
    other: trimmed(TIPOFF_LIMITS.contactOtherMax, '其他联系方式最多100个字').optional(),
  })
  // Empty strings from a form mean "not given".
  .transform((c) => ({
    name: c.name || undefined,
    phone: c.phone || undefined,
    other: c.other || undefined,
  }));

const OccurredAtSchema = z
  .string({ error: '请填写日期，例如 2025-03-01' })
  .trim()
  .regex(
    /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/,
    '请填写日期，例如 2025-03-01',
  )
  .transform((v, ctx) => {
    const day = v.slice(0, 10);
    const t = Date.parse(`${day}T00:00:00Z`);
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day || day < '2000-01-01') {
      ctx.addIssue({ code: 'custom', message: '日期不对，请检查' });
      return z.NEVER;
    }
    if (day > todayInChina()) {
      ctx.addIssue({ code: 'custom', message: '发生日期不能晚于今天' });
      return z.NEVER;
    }
    return day;
  });

/** A citizen's tip-off, as sent by the form (JSON or multipart) and the API. */
export const TipoffInputSchema = z.object({
  /** What it is about; one of TIPOFF_CATEGORIES. */
  category: z.enum(TIPOFF_CATEGORY_KEYS, { error: '请选择举报类型' }),
  /** What happened, in the citizen's words. */
  description: noNulString({ error: '请描述发生了什么（至少10个字）' })
    .trim()
    .min(TIPOFF_LIMITS.descriptionMin, '请描述发生了什么（至少10个字）')
    .max(TIPOFF_LIMITS.descriptionMax, '描述最多2000个字，请精简一些'),
  /** Numbers, links, apps and accounts involved. */
  entities: z
    .array(TipoffEntitySchema, { error: '号码和账号的格式不对' })
    .max(TIPOFF_LIMITS.entitiesMax, '最多填写20个号码、链接或账号')
    .optional(),
  /** When it happened: YYYY-MM-DD, not in the future. */
  occurredAt: OccurredAtSchema.optional(),
  /** Town or sub-district (镇/街道), from content/site.json. */
  district: z
    .enum(siteConfig.districts as [string, ...string[]], { error: '请从列表中选择所在镇/街道' })
    .optional(),
  /** Whether the citizen already lost money (then the page urges 110 at once). */
  lostMoney: z.boolean({ error: '请选择是否已经损失钱款' }).optional(),
  /** Optional, for the reward; anonymous tip-offs are welcome. */
  contact: TipoffContactSchema.optional(),
  /** The privacy notice must be accepted. */
  consent: z.literal(true, { error: '请勾选同意隐私政策' }),
  /** Honeypot: hidden from people; a filled value marks a bot (answered as if accepted). */
  website: z.string().max(500).optional(),
});
export type TipoffInput = z.input<typeof TipoffInputSchema>;
export type TipoffData = z.output<typeof TipoffInputSchema>;

/** `POST /api/tipoffs/status`: the receipt code, never in a URL. */
export const TipoffStatusSchema = z.object({
  receipt: noNulString({ error: '请输入回执码' })
    .trim()
    .min(1, '请输入回执码')
    .max(80, '回执码格式不对，请检查'),
});

/** `POST /api/tipoffs/info`: more details for a tip-off the office asked about. */
export const TipoffInfoSchema = TipoffStatusSchema.extend({
  text: noNulString({ error: '请写下要补充的内容' })
    .trim()
    .min(2, '请写下要补充的内容')
    .max(TIPOFF_LIMITS.infoTextMax, '补充内容最多2000个字'),
});

/** Guesses what a line the citizen typed is: a phone, a link, a QQ or WeChat id, an account… */
export function guessEntityKind(line: string): TipoffEntityKind {
  const s = line.trim();
  const compact = s.replace(/[\s-]/g, '');
  if (/^(?:qq|QQ|扣扣)\s*[:：号]?\s*\d{5,11}$/.test(s)) return 'qq';
  if (/^(?:微信|wechat|WeChat|vx|VX|wx|WX)\s*[:：号]?\s*\S+$/.test(s)) return 'wechat';
  if (/^(?:https?:\/\/|www\.)/i.test(s) || /^[\w-]+(?:\.[\w-]+)+(?:[/:?#]\S*)?$/.test(s)) {
    if (!/^\d+(?:\.\d+)*$/.test(s)) return 'url';
  }
  if (/^(?:\+?86)?1[3-9]\d{9}$/.test(compact)) return 'phone';
  if (/^0\d{9,11}$/.test(compact) || /^(?:400|800)\d{7}$/.test(compact)) return 'phone';
  if (/^(?:95|96|10)\d{3,6}$/.test(compact)) return 'phone';
  if (/^(?:00|\+)\d{7,15}$/.test(compact)) return 'phone';
  if (/^\d{16,19}$/.test(compact)) return 'account';
  if (/(?:APP|App|app|软件|客户端)$/.test(s)) return 'app';
  if (/^\d{5,11}$/.test(compact)) return 'qq';
  return 'other';
}

type FormValue = string | string[] | undefined;
const first = (v: FormValue): string | undefined => (Array.isArray(v) ? v[0] : v);
const all = (v: FormValue): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Maps an HTML form's fields (FormData as a record; repeated fields as arrays) onto the schema's
 * input. `entities` is a textarea (one per line) or repeated fields; checkboxes send 'on'; contact
 * fields are `contact.name` (or `contact[name]`, `contactName`); empty fields mean "not given".
 */
export function tipoffFromForm(form: Record<string, FormValue>): Record<string, unknown> {
  const text = (name: string): string | undefined => {
    const v = first(form[name]);
    return v === undefined || v.trim() === '' ? undefined : v;
  };
  const contactField = (k: string) =>
    text(`contact.${k}`) ??
    text(`contact[${k}]`) ??
    text(`contact${k[0]!.toUpperCase()}${k.slice(1)}`);
  const lines = all(form['entities'])
    .flatMap((v) => v.split(/\r?\n/))
    .map((l) => l.trim())
    .filter(Boolean);
  const contact = {
    name: contactField('name'),
    phone: contactField('phone'),
    other: contactField('other'),
  };
  const checked = (name: string) => {
    const v = text(name);
    return v === undefined ? undefined : v === 'on' || v === 'true' || v === '1' || v === 'yes';
  };
  const out: Record<string, unknown> = {
    category: text('category'),
    description: first(form['description']) ?? '',
    occurredAt: text('occurredAt'),
    district: text('district'),
    lostMoney: checked('lostMoney') ?? false,
    consent: checked('consent') === true ? true : undefined,
    website: first(form['website']),
  };
  if (lines.length > 0)
    out['entities'] = lines.map((value) => ({ kind: guessEntityKind(value), value }));
  if (contact.name || contact.phone || contact.other) out['contact'] = contact;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}
