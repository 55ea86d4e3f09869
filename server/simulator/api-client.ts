/**
 * The simulator's HTTP client of the GridOps API: logs in like a person (session cookie), sends JSON and
 * turns error answers into `ApiError`s carrying the status and the error code.
 */

/** An error answer of the API. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  constructor(status: number, code: string | undefined, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** A logged-in API client. */
export class ApiClient {
  private cookie: string | undefined;
  constructor(
    private readonly baseUrl: string,
    private readonly username: string,
    private readonly password: string,
  ) {}

  /** Logs in (again). @throws ApiError when the login is refused. */
  async login(): Promise<void> {
    const res = await fetch(`${this.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: this.username, password: this.password }),
    });
    if (res.status !== 200) throw new ApiError(res.status, undefined, `login as ${this.username} answered ${res.status}`);
    const c = res.headers.getSetCookie().find((h) => h.startsWith('gridops_session='));
    await res.text();
    this.cookie = c?.split(';')[0];
  }

  /**
   * Calls the API; logs in first when needed and once more after a 401 (expired session).
   * @throws ApiError for any non-2xx answer.
   */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    if (!this.cookie) await this.login();
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { cookie: this.cookie ?? '', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status === 401 && attempt === 0) {
        await this.login();
        continue;
      }
      if (res.status >= 200 && res.status < 300) return (text ? JSON.parse(text) : undefined) as T;
      let code: string | undefined;
      let message = text;
      try {
        const e = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
        code = e?.code;
        message = e?.message ?? text;
      } catch {
        // not JSON
      }
      throw new ApiError(res.status, code, `${method} ${path} → ${res.status}: ${message}`);
    }
  }
}
