/**
 * Thin fetch wrapper for the GridOps JSON API. Every failure becomes an `ApiError` whose `kind` tells the UI
 * which message to show (network down, session expired, rate limited, server error…).
 */

/** What went wrong, as far as the user is concerned. */
export type ApiErrorKind = 'network' | 'unauthorized' | 'forbidden' | 'notFound' | 'rateLimited' | 'badRequest' | 'server';

/** A failed API call. `status` is 0 when the server could not be reached. */
export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number;
  /** Seconds to wait before retrying (from `Retry-After`), when the server said so. */
  readonly retryAfterSeconds: number | undefined;

  constructor(kind: ApiErrorKind, status: number, message: string, retryAfterSeconds?: number) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

function kindOf(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 429) return 'rateLimited';
  if (status >= 400 && status < 500) return 'badRequest';
  return 'server';
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Registers a callback run whenever an API call (other than login/me) answers 401: the session is gone. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Do not treat a 401 as an expired session (login and the initial `me` call). */
  quiet401?: boolean;
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      credentials: 'same-origin',
      headers: opts.body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError('network', 0, `Cannot reach ${path}: ${String(err)}`);
  }
  // a proxy in front of a stopped server answers 502/503/504: that is "server down" for the user
  if (res.status === 502 || res.status === 503 || res.status === 504) {
    throw new ApiError('network', res.status, `${path} answered ${res.status}`);
  }
  if (!res.ok) {
    const retry = Number(res.headers.get('Retry-After'));
    const kind = kindOf(res.status);
    if (kind === 'unauthorized' && !opts.quiet401) unauthorizedListeners.forEach((l) => l());
    throw new ApiError(kind, res.status, `${opts.method ?? 'GET'} ${path} answered ${res.status}`, Number.isFinite(retry) && retry > 0 ? retry : undefined);
  }
  return res;
}

/** Calls a JSON endpoint and returns the parsed body (`undefined` for 204). @throws ApiError */
export async function requestJson<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(path, opts);
  if (res.status === 204) return undefined as T;
  try {
    return (await res.json()) as T;
  } catch (err) {
    throw new ApiError('server', res.status, `${path} returned invalid JSON: ${String(err)}`);
  }
}
