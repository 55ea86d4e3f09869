import { describe, expect, it } from 'vitest';
import { describeDemoAccounts, ensureDemoAccounts, usersWithDemoPassword } from '../../server/services/demo-accounts.ts';
import { api, createManager, createUser, loginAs, useTestApp } from './helpers.ts';

const env = useTestApp();

describe('demo accounts', () => {
  it('creates admin, planner, dispatcher and one manager account per manager row (by id), once', async () => {
    // inserted out of order: manager1 must be the lowest id
    for (const id of [30, 10, 20]) await createManager(env.db.pool, id);
    const { created, all } = await ensureDemoAccounts(env.db.pool);
    expect(created.map((a) => a.username)).toEqual(['admin', 'planner', 'dispatcher', 'manager1', 'manager2', 'manager3']);
    expect(all.filter((a) => a.role === 'manager').map((a) => a.managerId)).toEqual([10, 20, 30]);
    expect(describeDemoAccounts(all)).toBe('admin, planner, dispatcher, manager1 … manager3 (password "gridops")');
    expect((await ensureDemoAccounts(env.db.pool)).created).toEqual([]);

    const { rows } = await env.db.pool.query<{ username: string; password_hash: string; is_demo: boolean }>(
      'SELECT username, password_hash, is_demo FROM users ORDER BY id',
    );
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.is_demo)).toBe(true);
    expect(new Set(rows.map((r) => r.password_hash.split('$')[4])).size).toBe(6); // a salt per user
  });

  it('demo users log in with "gridops"; a manager account carries its manager id', async () => {
    const cookie = await loginAs(env.app.url, { username: 'manager2', password: 'gridops' });
    const me = await api(env.app.url, 'GET', '/api/auth/me', { cookie });
    expect(me.body).toMatchObject({ user: { username: 'manager2', role: 'manager', managerId: 20 } });
  });

  it('lists every user still having the demo password, and only those', async () => {
    await createUser(env.db.pool, 'real-admin', 'admin', { password: 'a long real password' });
    const weak = await usersWithDemoPassword(env.db.pool);
    expect(weak.sort()).toEqual(['admin', 'dispatcher', 'manager1', 'manager2', 'manager3', 'planner']);
  });
});
