/**
 * Rules every free-text input shares. U+0000 is refused: no person types it, and PostgreSQL's text
 * cannot hold it (a NUL in an entity once lost the whole tip-off with a 500 there, while SQLite took
 * it), so both databases see the same input. The store refuses it too, for inputs no schema names.
 */
import { z } from 'zod';

/** The message shown beside a field that holds U+0000. */
export const NUL_MESSAGE = '内容里有无法识别的空字符，请删除后再试';

/** A string schema without U+0000 (chain trim/min/max after it as usual). */
export const noNulString = (params?: Parameters<typeof z.string>[0]) =>
  z.string(params).refine((s) => !s.includes('\u0000'), NUL_MESSAGE);
