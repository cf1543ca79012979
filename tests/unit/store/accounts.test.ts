/** Staff accounts and sessions in the store, on SQLite and PostgreSQL. */
import { expect, test } from 'vitest';
import { newId } from '../../../functions/store/ids.ts';
import { describeStore, at } from '../../fixtures/store-rows.ts';

describeStore('accounts store', (get) => {
  test('users and sessions', async () => {
    const u = await get().createUser(
      { username: `u${newId()}`, role: 'moderator', passwordHash: 'h' },
      at(),
    );
    await expect(
      get().createUser({ username: u.username, role: 'supervisor', passwordHash: 'h' }, at()),
    ).rejects.toMatchObject({
      code: 'user_exists',
    });
    await get().createSession({
      idHash: `s-${u.id}`,
      userId: u.id,
      csrfToken: 'c',
      createdAt: at(),
      lastSeenAt: at(),
    });
    expect(await get().getSession(`s-${u.id}`)).toMatchObject({
      username: u.username,
      role: 'moderator',
      csrfToken: 'c',
    });
    await get().touchSession(`s-${u.id}`, at(1000));
    expect(await get().setPassword(u.username, 'h2')).toBe(true);
    // A new password ends the sessions of the old one.
    expect(await get().getSession(`s-${u.id}`)).toBeNull();
    expect(await get().setPassword('nobody-here', 'h')).toBe(false);
  });
});
