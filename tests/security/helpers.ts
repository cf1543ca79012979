/**
 * Shared set-up of the security suite: the app over a fresh store (SQLite, or PostgreSQL when the
 * test asks for it and TEST_DATABASE_URL is set) with a moderator and two supervisors, and the
 * moderation steps the tests drive (submit, approve, confirm, withdraw) through the real API.
 */
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { loadNoticeEntries } from '../../bot/content-loader.ts';
import {
  addUser,
  DATABASE_URL,
  login,
  makeTipoffApp,
  postJson,
  VALID_TIPOFF,
} from '../fixtures/tipoff-app.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The databases a store-touching test runs on: SQLite always, PostgreSQL when configured. */
export const DATABASES = (DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite']) as (
  'sqlite' | 'postgres'
)[];

/** The notice entries of content/ (personal ones included), as the Node adapter loads them. */
export const contentNotices = () => loadNoticeEntries(ROOT);

type Options = Parameters<typeof makeTipoffApp>[0];

/** `staffApp` for the tests of one file: each app's store is removed after its test. */
export function staffAppPerTest() {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  return async (opts: Options = {}) => {
    const t = await makeTipoffApp(opts);
    cleanups.push(t.cleanup);
    for (const [name, role] of [
      ['mod', 'moderator'],
      ['boss', 'supervisor'],
      ['boss2', 'supervisor'],
      ['boss3', 'supervisor'],
    ] as const)
      await addUser(t.store, name, role);
    const sessions = new Map<string, Awaited<ReturnType<typeof login>>>();
    const as = async (user: string) => {
      let s = sessions.get(user);
      if (!s) sessions.set(user, (s = await login(t.app, user)));
      return s.headers;
    };
    const submit = async (body: unknown = VALID_TIPOFF): Promise<string> => {
      const res = await postJson(t.app, '/api/tipoffs', body);
      if (res.status !== 201) throw new Error(`submit: ${res.status} ${await res.text()}`);
      const page = (await (
        await t.app.request('/api/admin/tipoffs?status=all&pageSize=100', {
          headers: await as('mod'),
        })
      ).json()) as { items: { id: string; createdAt: string }[] };
      const newest = page.items.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
      if (!newest) throw new Error('submitted tip-off not in the queue');
      return newest.id;
    };
    /** Approves tip-off `id` as `user` with these entries; returns the answer. */
    const approve = async (
      user: string,
      id: string,
      entries: { kind: string; value: string; publicNote?: string }[],
    ) =>
      postJson(
        t.app,
        `/api/admin/tipoffs/${id}/approve`,
        { entries: entries.map((e) => ({ publicNote: '经核实用于诈骗', ...e })) },
        await as(user),
      );
    const exposuresOf = async (res: Response) =>
      ((await res.json()) as { exposures: { id: string; status: string; display: string }[] })
        .exposures;
    const confirm = async (user: string, exposureId: string) =>
      postJson(t.app, `/api/admin/exposures/${exposureId}/confirm`, {}, await as(user));
    const withdraw = async (user: string, exposureId: string) =>
      postJson(
        t.app,
        `/api/admin/exposures/${exposureId}/withdraw`,
        { reason: '核实有误' },
        await as(user),
      );
    return { ...t, as, submit, approve, exposuresOf, confirm, withdraw };
  };
}
