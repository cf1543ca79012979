/** Staff sign-in: the session cookie, failed logins, rotation, logout and idle expiry. */
import { describe, expect, test } from 'vitest';
import { DEFAULT_TIPOFF_LIMITS } from '../service/limits.ts';
import { staffedAppPerTest, login, postJson } from '../../tests/fixtures/tipoff-app.ts';

const setup = staffedAppPerTest();

describe('sessions', () => {
  test('cookie is HttpOnly, SameSite=Strict; __Host- and Secure over https', async () => {
    const { app } = await setup();
    const local = await postJson(app, '/api/admin/login', {
      username: 'mod',
      password: 'correct horse battery staple',
    });
    const c1 = local.headers.get('set-cookie')!;
    expect(c1).toMatch(/^fanzha_session=/);
    expect(c1).toMatch(/HttpOnly/);
    expect(c1).toMatch(/SameSite=Strict/);
    expect(c1).toMatch(/Path=\//);
    const secure = await app.request('https://fanzha.example.gov.cn/api/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://fanzha.example.gov.cn' },
      body: JSON.stringify({ username: 'mod', password: 'correct horse battery staple' }),
    });
    const c2 = secure.headers.get('set-cookie')!;
    expect(c2).toMatch(/^__Host-fanzha_session=/);
    expect(c2).toMatch(/Secure/);
  });

  test('wrong passwords fail the same way for unknown users, and are throttled per user', async () => {
    const { app } = await setup({ limits: DEFAULT_TIPOFF_LIMITS });
    const wrong = await postJson(app, '/api/admin/login', { username: 'mod', password: 'nope' });
    const unknown = await postJson(app, '/api/admin/login', {
      username: 'ghost',
      password: 'nope',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    const codes: number[] = [];
    for (let i = 0; i < 6; i++)
      codes.push(
        (await postJson(app, '/api/admin/login', { username: 'boss', password: `x${i}` })).status,
      );
    expect(codes.at(-1)).toBe(429);
  });

  test('login rotates the session, logout ends it, idle sessions expire', async () => {
    let now = Date.now();
    const { app } = await setup({ now: () => new Date(now) });
    const first = await login(app, 'mod');
    const again = await app.request('/api/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: first.cookie },
      body: JSON.stringify({ username: 'mod', password: 'correct horse battery staple' }),
    });
    const second = again.headers.get('set-cookie')!.split(';')[0]!;
    expect(second).not.toBe(first.cookie);
    expect((await app.request('/api/admin/me', { headers: { cookie: first.cookie } })).status).toBe(
      401,
    );
    expect((await app.request('/api/admin/me', { headers: { cookie: second } })).status).toBe(200);

    const s = await login(app, 'boss');
    expect((await postJson(app, '/api/admin/logout', {}, s.headers)).status).toBe(200);
    expect((await app.request('/api/admin/me', { headers: { cookie: s.cookie } })).status).toBe(
      401,
    );

    now += 31 * 60_000;
    const idle = await app.request('/api/admin/me', { headers: { cookie: second } });
    expect(idle.status).toBe(401);
    expect(((await idle.json()) as { error: { code: string } }).error.code).toBe('session_expired');
  });
});
