/**
 * Inputs of the check and chat API, one zod schema each. The limits live in bot/chat-limits.ts so the
 * checker island can share them without bundling zod. Messages are in Chinese: people read them.
 */
import { z } from 'zod';
import { MAX_CHAT_TURNS, MAX_TEXT_CHARS } from '../../bot/chat-limits.ts';
import { LEVELS } from '../../bot/types.ts';

export { MAX_CHAT_TURNS, MAX_TEXT_CHARS };

const text = z
  .string({ error: '请把要检查的消息粘贴进来。' })
  .max(MAX_TEXT_CHARS, `内容太长了。请只粘贴最可疑的一段（不超过 ${MAX_TEXT_CHARS} 字）。`)
  .refine((s) => s.trim().length > 0, '请把要检查的消息粘贴进来。');

/** `POST /api/check`. */
export const CheckRequestSchema = z.object({
  /** The message as received: an SMS, a chat message, a call's script. */
  text,
  /** The person says they already transferred money: the advice starts with calling 110. */
  paid: z.boolean({ error: '“已经转账”只能是“是”或“否”。' }).optional().default(false),
});
export type CheckRequest = z.infer<typeof CheckRequestSchema>;

const ChatMessageSchema = z.object({
  role: z.enum(['user', 'assistant'], { error: '对话的角色只能是 user 或 assistant。' }),
  content: z
    .string({ error: '请输入您的问题。' })
    .max(MAX_TEXT_CHARS, `这一条太长了（不超过 ${MAX_TEXT_CHARS} 字）。`)
    .refine((s) => s.trim().length > 0, '请输入您的问题。'),
});

/** `POST /api/chat`. */
export const ChatRequestSchema = z.object({
  messages: z
    .array(ChatMessageSchema, { error: '请输入您的问题。' })
    .min(1, '请输入您的问题。')
    .max(MAX_CHAT_TURNS, `对话太长了（最多 ${MAX_CHAT_TURNS} 条）。请刷新页面，重新提问。`)
    .refine((ms) => ms.at(-1)?.role === 'user', '最后一条应该是您的问题。'),
  /**
   * What the in-browser check found, so answers fit it without the checked message being sent.
   * The pattern is a slug; unknown slugs are ignored.
   */
  context: z
    .object({
      level: z.enum(LEVELS).optional(),
      pattern: z
        .string()
        .max(80)
        .regex(/^[a-z0-9-]+$/, '类型代号的格式不对。')
        .optional(),
      paid: z.boolean().optional(),
    })
    .optional(),
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;
