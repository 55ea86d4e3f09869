/** Login, logout and the current user. */
import { z } from 'zod';
import { ROLES } from '../auth/types.ts';
import { login, logout } from '../services/auth.ts';
import { defineRoute } from './define.ts';

export const routes = [
  defineRoute({
    method: 'post',
    path: '/api/auth/login',
    roles: 'public',
    summary: 'Log in; sets the session cookie',
    body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
    handler: async ({ body, deps, req, res }) => ({
      user: await login(deps.pool, req, res, body.username, body.password, deps.config.sessionTtlHours),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/logout',
    roles: 'public',
    summary: 'End the session server-side',
    handler: async ({ deps, req, res }) => {
      await logout(deps.pool, req, res);
      return { ok: true };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/auth/me',
    roles: ROLES,
    summary: 'The logged-in user',
    handler: ({ user }) => ({ user }),
  }),
];
