/**
 * Typed application errors. Services throw them; the one error middleware (`http/error-middleware.ts`)
 * turns them into `{error: {code, message, fields?}}` with the matching HTTP status.
 */
import { GeoError } from '../geo/errors.ts';

/** Field name → what is wrong with it, as sent back in a 400. */
export type FieldErrors = Record<string, string>;

/** Base class: an error the client may see, with a stable `code` and an HTTP `status`. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields: FieldErrors | undefined;
  /** Extra JSON merged into the error body (e.g. a typed `no_route` answer). */
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, fields?: FieldErrors, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.details = details;
  }
}

/** 400: the input is malformed; `fields` names each bad field. */
export class BadRequestError extends AppError {
  constructor(message: string, fields?: FieldErrors) {
    super(400, 'bad_request', message, fields);
  }
}

/** 401: no valid session, or wrong credentials. */
export class UnauthorizedError extends AppError {
  constructor(message = 'Not logged in') {
    super(401, 'unauthorized', message);
  }
}

/** 403: logged in, but the role may not do this. */
export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed for this role') {
    super(403, 'forbidden', message);
  }
}

/** 404: the resource or route does not exist. */
export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(404, 'not_found', message);
  }
}

/** 409: the change conflicts with the current state (stale version, locked grid, duplicate). */
export class ConflictError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(409, 'conflict', message, undefined, details);
  }
}

/** 422: well-formed input that cannot be processed (infeasible plan, no route). */
export class UnprocessableError extends AppError {
  constructor(message: string, code = 'unprocessable', details?: Record<string, unknown>, fields?: FieldErrors) {
    super(422, code, message, fields, details);
  }
}

/** 429: too many attempts; `retryAfterSeconds` becomes the `Retry-After` header. */
export class TooManyRequestsError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(429, 'too_many_requests', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** 503: a dependency (the database) is unavailable; retrying later may work. */
export class UnavailableError extends AppError {
  constructor(message = 'Service temporarily unavailable') {
    super(503, 'unavailable', message);
  }
}

/**
 * Maps a geo/ error to its AppError: `invalid_input` → 400 naming the field, `no_route` and `infeasible` → 422
 * with that code. Returns undefined for anything that is not a `GeoError`.
 */
export function fromGeoError(err: unknown): AppError | undefined {
  if (!(err instanceof GeoError)) return undefined;
  switch (err.code) {
    case 'invalid_input':
      return new BadRequestError(err.message, err.field ? { [err.field]: err.message } : undefined);
    case 'no_route':
    case 'infeasible':
      return new UnprocessableError(err.message, err.code, undefined, err.field ? { [err.field]: err.message } : undefined);
  }
}
