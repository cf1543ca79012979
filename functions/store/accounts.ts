/**
 * Staff accounts (made with npm run admin) and their sessions; a new password ends every session
 * of the old one. Session ids are stored only as hashes.
 */
import { writeAudit } from './audit.ts';
import { newId } from './ids.ts';
import type { SqlContext } from './sql-context.ts';
import { StoreError, type SessionRow, type UserRow } from './types.ts';

export interface AccountRecords {
  createUser(u: Omit<UserRow, 'id' | 'createdAt' | 'disabled'>, at: string): Promise<UserRow>;
  setPassword(username: string, passwordHash: string): Promise<boolean>;
  getUser(username: string): Promise<UserRow | null>;
  createSession(s: Omit<SessionRow, 'username' | 'role' | 'disabled'>): Promise<void>;
  getSession(idHash: string): Promise<SessionRow | null>;
  touchSession(idHash: string, at: string): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  deleteExpiredSessions(idleBefore: string, createdBefore: string): Promise<number>;
}

export function accountRecords({ db }: SqlContext): AccountRecords {
  return {
    async createUser(u, at) {
      return db.tx(async (q) => {
        const existing = await q.all(`SELECT id FROM users WHERE username = ?`, [u.username]);
        if (existing.length > 0) throw new StoreError(409, 'user_exists', '这个用户名已经存在。');
        const id = newId();
        await q.run(
          `INSERT INTO users (id, username, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, 0, ?)`,
          [id, u.username, u.role, u.passwordHash, at],
        );
        await writeAudit(q, {
          at,
          actor: 'admin-cli',
          action: 'user.create',
          target: `user:${u.username}`,
          before: null,
          after: { role: u.role },
        });
        return {
          id,
          username: u.username,
          role: u.role,
          passwordHash: u.passwordHash,
          disabled: false,
          createdAt: at,
        };
      });
    },

    async setPassword(username, passwordHash) {
      return db.tx(async (q) => {
        const n = await q.run(`UPDATE users SET password_hash = ? WHERE username = ?`, [
          passwordHash,
          username,
        ]);
        if (n > 0) {
          // A new password ends every session of the old one.
          await q.run(
            `DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = ?)`,
            [username],
          );
          await writeAudit(q, {
            at: new Date().toISOString(),
            actor: 'admin-cli',
            action: 'user.set-password',
            target: `user:${username}`,
            before: null,
            after: null,
          });
        }
        return n > 0;
      });
    },

    async getUser(username) {
      const rows = await db.all(`SELECT * FROM users WHERE username = ?`, [username]);
      const r = rows[0];
      if (!r) return null;
      return {
        id: String(r['id']),
        username: String(r['username']),
        role: r['role'] as UserRow['role'],
        passwordHash: String(r['password_hash']),
        disabled: Number(r['disabled']) === 1,
        createdAt: String(r['created_at']),
      };
    },

    async createSession(s) {
      await db.run(
        `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)`,
        [s.idHash, s.userId, s.csrfToken, s.createdAt, s.lastSeenAt],
      );
    },

    async getSession(idHash) {
      const rows = await db.all(
        `SELECT s.id_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, u.username, u.role, u.disabled
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`,
        [idHash],
      );
      const r = rows[0];
      if (!r) return null;
      return {
        idHash: String(r['id_hash']),
        userId: String(r['user_id']),
        username: String(r['username']),
        role: r['role'] as SessionRow['role'],
        disabled: Number(r['disabled']) === 1,
        csrfToken: String(r['csrf_token']),
        createdAt: String(r['created_at']),
        lastSeenAt: String(r['last_seen_at']),
      };
    },

    async touchSession(idHash, at) {
      await db.run(`UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?`, [at, idHash]);
    },

    async deleteSession(idHash) {
      await db.run(`DELETE FROM sessions WHERE id_hash = ?`, [idHash]);
    },

    async deleteExpiredSessions(idleBefore, createdBefore) {
      return db.run(`DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?`, [
        idleBefore,
        createdBefore,
      ]);
    },
  };
}
