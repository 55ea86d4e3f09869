/**
 * Route definitions. Every API route is declared with `defineRoute`: its method, path, the roles it allows
 * (or `'public'`), zod schemas for body/query/params and a handler that makes one service call.
 * Route modules (`server/routes/<area>.ts`) export `routes: RouteDef[]`; `routes/index.ts` collects them,
 * the app mounts them, and the role × route matrix test walks the same table.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { Role, SessionUser } from '../auth/types.ts';
import type { AppDeps } from '../deps.ts';
import { BadRequestError, ForbiddenError, UnauthorizedError } from '../errors.ts';
import type { FieldErrors } from '../errors.ts';
import { authenticateRequest } from '../services/auth.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route: a list of roles, or `'public'` (no session needed). */
export type Access = readonly Role[] | 'public';

/** What a handler receives: validated input, the user (non-null unless the route is public) and the deps. */
export interface RouteContext<B, Q, P, U> {
  body: B;
  query: Q;
  params: P;
  user: U;
  deps: AppDeps;
  req: Request;
  res: Response;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** A route as written by its author; the generic parameters are inferred from the schemas. */
export interface RouteSpec<
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
  A extends Access,
> {
  method: HttpMethod;
  /** Express path under the app root, e.g. `/api/plans/:id`. */
  path: string;
  roles: A;
  /** One line for humans (shown in the route table). */
  summary?: string;
  body?: B;
  query?: Q;
  params?: P;
  /** Status of a successful JSON answer (default 200; 204 when the handler returns undefined). */
  status?: number;
  /**
   * Returns the JSON answer, or undefined after writing the response itself (streams, binary tiles).
   * Thrown `AppError`s become JSON errors in the error middleware.
   */
  handler: (ctx: RouteContext<Out<B>, Out<Q>, Out<P>, A extends 'public' ? SessionUser | null : SessionUser>) => unknown;
}

/** A route with its input types erased, as stored in the route table. */
export interface RouteDef {
  method: HttpMethod;
  path: string;
  roles: Access;
  summary?: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  status?: number;
  handler: (ctx: RouteContext<unknown, unknown, unknown, SessionUser | null>) => unknown;
}

/**
 * Declares a route. Returns it unchanged but with its input types erased so that routes of different
 * shapes fit in one `RouteDef[]`. Throws at definition time if the path is not under `/api/`.
 */
export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  A extends Access = Access,
>(spec: RouteSpec<B, Q, P, A>): RouteDef {
  if (!spec.path.startsWith('/api/')) throw new Error(`route path must start with /api/: ${spec.path}`);
  if (spec.roles !== 'public' && spec.roles.length === 0) throw new Error(`route ${spec.path} allows no role`);
  return spec as unknown as RouteDef;
}

/** Zod issues → `{field: message}`, fields named by their dotted path prefixed with where they came from. */
function fieldErrors(where: 'body' | 'query' | 'params', error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const name = issue.path.length > 0 ? issue.path.map(String).join('.') : where;
    fields[name] ??= issue.message;
  }
  return fields;
}

function parse(where: 'body' | 'query' | 'params', schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema) return value;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const fields = fieldErrors(where, r.error);
  throw new BadRequestError(`Invalid ${where}: ${Object.keys(fields).join(', ')}`, fields);
}

/** Wraps a route into an Express handler: access check (401/403), validation (400), handler, JSON answer. */
function toHandler(def: RouteDef, deps: AppDeps): RequestHandler {
  return async (req, res) => {
    let user: SessionUser | null = null;
    if (def.roles !== 'public') {
      user = await authenticateRequest(deps.pool, req);
      if (!user) throw new UnauthorizedError();
      if (!def.roles.includes(user.role)) throw new ForbiddenError(`Role ${user.role} may not ${def.method.toUpperCase()} ${def.path}`);
    }
    const body = parse('body', def.body, req.body ?? {});
    const query = parse('query', def.query, req.query);
    const params = parse('params', def.params, req.params);
    const result = await def.handler({ body, query, params, user, deps, req, res });
    if (res.headersSent) return;
    if (result === undefined) res.status(204).end();
    else res.status(def.status ?? 200).json(result);
  };
}

/**
 * Registers every route on `router`. Throws if two routes share a method and path.
 */
export function mountRoutes(router: Router, routes: readonly RouteDef[], deps: AppDeps): void {
  const seen = new Set<string>();
  for (const def of routes) {
    const key = `${def.method} ${def.path}`;
    if (seen.has(key)) throw new Error(`duplicate route ${key}`);
    seen.add(key);
    router[def.method](def.path, toHandler(def, deps));
  }
}
