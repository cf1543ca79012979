/**
 * What a value of each exposure kind may look like, checked before anything is published (the
 * moderation API) and when the site is built (content notices): a phone is a phone number, an app
 * a short name. Otherwise a kind shown in full (a scam line, an app) could carry personal data past
 * masking and the second approval: a review published "张三丰 本人手机… 身份证…" as a phone and a
 * home address as an app. Pure: the schemas of the API and of the content both use it.
 */
import { entityKey } from '../../bot/entity-key.ts';
import type { ExposureKind } from './taxonomy.ts';

/** A bank account number (bank cards have 16–19 digits, other accounts up to 30). */
export const ACCOUNT_NUMBER = /^\d{12,30}$/;

/** Five or more digits in a row (spaces and dashes between them ignored): a phone, ID, card… */
const hasNumber = (v: string) => /\d{5,}/.test(v.replace(/(?<=\d)[\s-]+(?=\d)/g, ''));
/** A house number, building, unit or room: 12号, 3单元, 501室. */
const hasAddress = (v: string) => /\d+\s*(?:号|栋|幢|单元|室|楼|层|弄|组)/.test(v);
const length = (v: string) => Array.from(v).length;

/** GB 11643-1999 check digit of an 18-character ID number. */
function idCardChecksumOk(id: string): boolean {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * weights[i]!;
  return '10X98765432'[sum % 11] === id[17];
}

const MESSAGES: Record<ExposureKind, string> = {
  phone:
    '诈骗电话只能填一个电话号码（数字，可带 +、空格、短横线或括号），不能写姓名、证件号等其他内容',
  'person-phone': '涉诈人员电话只能填一个手机号或带区号的固定电话',
  url: '诈骗网址只能填一个网址（如 https://example.com/路径），不能有空格或其他内容',
  app: 'APP名称最多40个字，不能含电话、证件号、账号等一串数字，也不能写地址',
  account: '涉诈收款账户只能填银行账号（12到30位数字，可带空格），不能写姓名等其他内容',
  qq: 'QQ号只能填5到12位数字',
  wechat: '微信号只能填微信号本身（6到20位，字母开头，可含数字、下划线、短横线）或绑定的手机号',
  company: '公司名称最多60个字，不能含电话、证件号、账号等一串数字，也不能写地址',
  person: '姓名只能填2到20个汉字（可带间隔号·）或英文字母，不能含数字等其他内容',
  'id-card': '身份证号只能填18位（最后一位可以是X）或15位的号码，且校验位要正确',
};

/** Null when `value` is a well-formed value of `kind`; else what is wrong, in Chinese. */
export function exposureValueProblem(kind: ExposureKind, value: string): string | null {
  const v = value.trim();
  return valueFits(kind, v) ? null : MESSAGES[kind];
}

function valueFits(kind: ExposureKind, v: string): boolean {
  switch (kind) {
    case 'phone': {
      if (!/^\+?[\d\s()（）-]+$/.test(v)) return false;
      const digits = v.replace(/\D/g, '').length;
      return digits >= 5 && digits <= 15;
    }
    case 'person-phone':
      return /^\+?[\d\s()（）-]+$/.test(v) && /^1[3-9]\d{9}$|^0\d{9,11}$/.test(entityKey(kind, v));
    case 'url':
      return /^(?:https?:\/\/)?[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+(?::\d{1,5})?(?:[/?#][^\s]*)?$/iu.test(
        v,
      );
    case 'app':
      return length(v) <= 40 && !hasNumber(v) && !hasAddress(v) && !/[@\n]/.test(v);
    case 'company':
      return length(v) <= 60 && !hasNumber(v) && !hasAddress(v) && !/[@\n]/.test(v);
    case 'account':
      return /^[\d\s-]+$/.test(v) && ACCOUNT_NUMBER.test(entityKey(kind, v));
    case 'qq':
      return /^[1-9]\d{4,11}$/.test(v);
    case 'wechat':
      return /^[a-zA-Z][-_a-zA-Z0-9]{5,19}$/.test(v) || /^1[3-9]\d{9}$/.test(v);
    case 'person':
      return /^[\p{Script=Han}·•]{2,20}$|^[A-Za-z][A-Za-z .'-]{1,39}$/u.test(v);
    case 'id-card': {
      if (!/^[\dXx\s]+$/.test(v)) return false;
      const id = entityKey(kind, v);
      return /^\d{15}$/.test(id) || (/^\d{17}[\dX]$/.test(id) && idCardChecksumOk(id));
    }
  }
}
