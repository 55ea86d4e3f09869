import { describe, expect, it } from 'vitest';
import { ensureDemoAccounts, usersWithDemoPassword } from '../../server/services/demo-accounts.ts';
import { addUser, allUsers, setPassword } from '../../server/services/users.ts';
import { api, createManager, loginAs, useTestApp } from './helpers.ts';

const env = useTestApp();

describe('account administration', () => {
  it('set-password replaces the demo password and ends the sessions', async () => {
    await ensureDemoAccounts(env.db.pool);
    const cookie = await loginAs(env.app.url, { username: 'admin', password: 'gridops' });
    await setPassword(env.db.pool, 'admin', 'a much better password');
    expect((await api(env.app.url, 'GET', '/api/auth/me', { cookie })).status).toBe(401);
    expect(await loginAs(env.app.url, { username: 'admin', password: 'a much better password' })).toMatch(/^gridops_session=/);
    expect(await usersWithDemoPassword(env.db.pool)).not.toContain('admin');
    expect((await allUsers(env.db.pool)).find((u) => u.username === 'admin')?.isDemo).toBe(false);
  });

  it('rejects short or demo passwords and unknown users', async () => {
    await expect(setPassword(env.db.pool, 'planner', 'short')).rejects.toMatchObject({ status: 400, fields: { password: 'too short' } });
    await expect(setPassword(env.db.pool, 'planner', 'gridops')).rejects.toMatchObject({ status: 400 });
    await expect(setPassword(env.db.pool, 'nobody', 'long enough password')).rejects.toMatchObject({ status: 404 });
  });

  it('adds users, a manager only with a manager id', async () => {
    const managerId = await createManager(env.db.pool, 77);
    await addUser(env.db.pool, 'ops-lead', 'dispatcher', 'long enough password', null);
    await addUser(env.db.pool, 'li.ming', 'manager', 'long enough password', managerId);
    await expect(addUser(env.db.pool, 'ops-lead', 'dispatcher', 'long enough password', null)).rejects.toMatchObject({ status: 409 });
    await expect(addUser(env.db.pool, 'x', 'manager', 'long enough password', null)).rejects.toMatchObject({ status: 400 });
    await expect(addUser(env.db.pool, 'y', 'superuser', 'long enough password', null)).rejects.toMatchObject({ status: 400 });
    const me = await api(env.app.url, 'GET', '/api/auth/me', { cookie: await loginAs(env.app.url, { username: 'li.ming', password: 'long enough password' }) });
    expect(me.body).toMatchObject({ user: { role: 'manager', managerId: 77 } });
  });
});
