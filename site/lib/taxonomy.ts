/**
 * Shared vocabularies of the content: audiences, alert severities and exposure-entry kinds.
 * One list each, used by the content schemas, the pages' filters and the API.
 */

/** Groups an explainer or alert is aimed at. */
export const AUDIENCES = [
  '所有人',
  '老年人',
  '退休人员',
  '宝妈/家庭主妇',
  '学生',
  '青年',
  '上班族',
  '企业财务',
  '网购用户',
  '求职者',
] as const;
export type Audience = (typeof AUDIENCES)[number];

/** Alert severities, most urgent first. Words, because colour is never the only signal. */
export const SEVERITIES = ['紧急', '重要', '提示'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Kinds of exposure-board entries. `phone` is a scam line (shown in full); `person-phone` is the
 * phone of a named person (masked); `account`, `id-card` and `person` are personal data (masked).
 */
export const EXPOSURE_KINDS = {
  phone: '诈骗电话',
  url: '诈骗网址',
  app: '诈骗APP',
  account: '涉诈收款账户',
  qq: 'QQ号',
  wechat: '微信号',
  company: '涉诈公司',
  person: '涉诈人员',
  'person-phone': '涉诈人员电话',
  'id-card': '身份证号',
} as const;
export type ExposureKind = keyof typeof EXPOSURE_KINDS;
export const EXPOSURE_KIND_KEYS = Object.keys(EXPOSURE_KINDS) as [ExposureKind, ...ExposureKind[]];

/** Kinds that name or identify a person: masked when shown, and need a supervisor's second approval. */
export const PERSONAL_KINDS: readonly ExposureKind[] = ['person', 'person-phone', 'id-card', 'account'];
