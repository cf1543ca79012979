/**
 * The shapes the console reads, taken from the routes themselves (functions/moderation/) through
 * hc<AppType>: none is written by hand, so a changed answer is a type error in the console.
 */
import type { Answer, api } from '../../lib/api.ts';

type AnswerOf<F extends (...args: never[]) => Promise<unknown>> = Answer<Awaited<ReturnType<F>>>;

export type Me = AnswerOf<typeof api.admin.me.$get>;
export type QueuePage = AnswerOf<typeof api.admin.tipoffs.$get>;
/** A queue item or a related case (`summary()` in functions/moderation/views.ts). */
export type CaseSummary = QueuePage['items'][number];
export type CaseDetail = AnswerOf<(typeof api.admin.tipoffs)[':id']['$get']>;
export type ExposurePage = AnswerOf<typeof api.admin.exposures.$get>;
export type ExposureAdmin = ExposurePage['items'][number];
export type AuditPage = AnswerOf<typeof api.admin.audit.$get>;
