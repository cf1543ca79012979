/**
 * Inputs of the moderation console (/admin/): login, queue filters and case actions. Pure zod,
 * shared by the console island and the API.
 */
import { z } from 'zod';
import { exposureValueProblem } from '../../site/lib/exposure-values.ts';
import { EXPOSURE_KIND_KEYS, PERSONAL_KINDS, type ExposureKind } from '../../site/lib/taxonomy.ts';
import { noNulString } from './text.ts';
import { TIPOFF_CATEGORY_KEYS, TIPOFF_STATUS_KEYS } from './tipoff.ts';

/**
 * Entry kinds that name or identify someone (people, their phones, ID and bank card numbers) or a
 * company: a second supervisor must confirm them, as the privacy page promises.
 */
export const SECOND_APPROVAL_KINDS: readonly ExposureKind[] = [...PERSONAL_KINDS, 'company'];

export const LoginSchema = z.object({
  username: noNulString({ error: '请输入用户名' }).trim().min(1, '请输入用户名').max(64),
  password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(256),
});

const page = z.coerce.number().int().min(1).max(100_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(100).default(20);

export const QueueQuerySchema = z.object({
  status: z.enum([...TIPOFF_STATUS_KEYS, 'open', 'all'], { error: '状态不对' }).default('open'),
  category: z.enum(TIPOFF_CATEGORY_KEYS, { error: '类型不对' }).optional(),
  district: noNulString().max(40).optional(),
  page,
  pageSize,
});

export const PageQuerySchema = z.object({ page, pageSize });

export const AuditQuerySchema = z.object({
  page,
  pageSize,
  target: noNulString().max(100).optional(),
});

export const ExposureEntrySchema = z
  .object({
    kind: z.enum(EXPOSURE_KIND_KEYS, { error: '请选择曝光类型' }),
    value: noNulString({ error: '请填写号码、网址或名称' })
      .trim()
      .min(2, '请填写号码、网址或名称')
      .max(200),
    pattern: z
      .string()
      .regex(/^[a-z0-9-]{1,80}$/, '诈骗类型的代码不对')
      .optional(),
    publicNote: noNulString({ error: '请写一句公开说明' })
      .trim()
      .min(4, '请写一句公开说明')
      .max(300, '公开说明最多300个字'),
  })
  // A phone is a phone number, an app a short name: nothing personal slips past masking this way.
  .superRefine((e, ctx) => {
    const problem = exposureValueProblem(e.kind, e.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });

export const ApproveSchema = z.object({
  entries: z.array(ExposureEntrySchema).max(20, '一次最多20条').default([]),
});

export const RejectSchema = z.object({
  reason: noNulString({ error: '请写明不采纳的原因' }).trim().min(2, '请写明不采纳的原因').max(500),
});

export const WithdrawExposureSchema = z.object({
  reason: noNulString({ error: '请写明撤下的原因' })
    .trim()
    .min(2, '请写明撤下的原因')
    .max(200, '撤下原因最多200个字'),
});

export const RequestInfoSchema = z.object({
  message: noNulString({ error: '请写下需要举报人补充的内容' })
    .trim()
    .min(4, '请写下需要举报人补充的内容')
    .max(1000, '最多1000个字'),
});

export const MergeSchema = z.object({ into: noNulString().min(1).max(64) });

export const BulkSchema = z
  .object({
    ids: z.array(noNulString().min(1).max(64)).min(1, '请至少选择一条').max(100, '一次最多100条'),
    action: z.enum(['approve', 'reject'], { error: '操作不对' }),
    reason: noNulString().trim().min(2).max(500).optional(),
  })
  .refine((b) => b.action !== 'reject' || b.reason, {
    message: '请写明不采纳的原因',
    path: ['reason'],
  });

export const RewardSchema = z.object({
  state: z.enum(['reward-pending', 'reward-paid'], { error: '奖励状态不对' }),
  /** Yuan, up to two decimals. */
  amount: z.number().nonnegative().max(1_000_000).optional(),
});

export const AdminExposureQuerySchema = z.object({
  status: z.enum(['pending', 'published', 'withdrawn']).default('pending'),
  page,
  pageSize,
});
