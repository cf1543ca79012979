/**
 * What a family of messages is: a kind of scam or of ordinary message, described by a public
 * source, with templates in the three forms people paste (a short SMS, a chat message, and the
 * longer polite wording of a case file or a rewritten SMS).
 */
import type { Slot } from './template.ts';

export type Label = 'fraud' | 'normal';

/** One family of messages and how to write them. */
export interface Family {
  /** Stable id, e.g. `bank-token-expiry`. */
  id: string;
  label: Label;
  /** Chinese name of the family. */
  title: string;
  /** The public description it is written from (police warning, case note, news report). */
  source: string;
  /** Short text messages as sent by SMS (a fake base station, a bulk sender). */
  sms?: string[];
  /** Chat messages (WeChat, QQ), colloquial. */
  chat?: string[];
  /** Longer, polite wording, as in police case files and rewritten messages. */
  letter?: string[];
  /**
   * The beats of a longer message (who the sender claims to be, the hook, what they ask for, the
   * pressure), put together in varying order and wording by `composeLetter`.
   */
  beats?: { who: string[]; hook: string[]; ask: string[]; push?: string[] };
  /** Family slots; they override the shared ones. */
  slots?: Record<string, Slot>;
}

/** Polite openings and closings shared by the letter forms of both classes. */
export const LETTER_SLOTS: Record<string, Slot> = {
  greet: [
    '您好',
    '你好',
    '尊敬的客户，您好',
    '尊敬的用户，您好',
    '亲爱的用户，您好',
    '{name}{honor}，您好',
    '尊敬的{name}{honor}',
    '您好，请问是{name}{honor}吗',
    '喂，您好',
  ],
  iam: ['我是', '这里是', '我们是', '我这边是'],
  thanks: [
    '谢谢合作！',
    '感谢您的配合！',
    '谢谢！',
    '祝您生活愉快！',
    '如有疑问请随时联系我们。',
    '给您带来不便，敬请谅解。',
    '',
    '',
  ],
};

/** Generic pressure lines of scam letters, used when a family has none of its own. */
export const SCAM_PUSH = [
  '请尽快办理，以免影响您的正常使用',
  '这件事请先不要告诉别人',
  '整个流程是安全的，请您放心',
  '名额有限，过了今天就不能办理了',
  '如果不及时处理，产生的后果需要您自己承担',
  '办完以后款项会原路退还给您',
  '请按我们的指引一步一步操作',
  '有任何问题随时联系我',
];

/** Generic closing lines of ordinary letters. */
export const ORDINARY_PUSH = [
  '祝您生活愉快',
  '如需退订请回复TD',
  '详情请咨询官方客服',
  '感谢您一直以来的支持',
  '如有疑问请拨打客服电话',
  '请以官方APP或官网信息为准',
];

/** The templates a family's beats expand into; one is picked per message. */
export const LETTER_SHAPES = [
  '{greet}，{iam}{who}。{hook}，{ask}。{push}。{thanks}',
  '{greet}！{iam}{who}，{hook}。{ask}，{push}。',
  '{hook}。{iam}{who}，{ask}。{thanks}',
  '{greet}，{hook}。{ask}。{push}，{thanks}',
  '{iam}{who}。{hook}。{push}，{ask}。',
];
