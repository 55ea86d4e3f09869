/**
 * Request ids, the `/api` 404, and the one error middleware that turns every thrown error into
 * `{error: {code, message, fields?}}`: AppErrors keep their status, geo/ errors map via `fromGeoError`,
 * malformed JSON is 400, a too-large body 413, a database that is unreachable 503, and anything else
 * 500 `{error: {code: 'internal', message, requestId}}` with the details only in the log.
 */
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { isDbUnavailableError } from '../db/pool.ts';
import { AppError, NotFoundError, TooManyRequestsError, fromGeoError } from '../errors.ts';
import type { Logger } from '../log.ts';

/** The request id of a response (set by `requestIds`). */
export function requestIdOf(res: Response): string {
  return String(res.locals.requestId ?? '');
}

/** Gives each request an id: a sane incoming `X-Request-Id` or a fresh UUID, echoed in the response header. */
export function requestIds(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const id = incoming && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.set('X-Request-Id', id);
    next();
  };
}

/** Answers 404 JSON for any `/api/*` request no route matched. */
export function apiNotFound(): RequestHandler {
  return (req, _res, next) => next(new NotFoundError(`No route ${req.method} ${req.baseUrl}${req.path}`));
}

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/** The error middleware; mount it last. `log` receives every 5xx with its stack and request id. */
export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const requestId = requestIdOf(res);
    if (res.headersSent) {
      // a stream (SSE, tiles) failed after it started: nothing to answer, just end it
      log.warn('error after the response started', { requestId, method: req.method, url: req.originalUrl, error: err });
      res.end();
      return;
    }
    const appErr = err instanceof AppError ? err : fromGeoError(err);
    if (appErr) {
      if (appErr instanceof TooManyRequestsError) res.set('Retry-After', String(appErr.retryAfterSeconds));
      res.status(appErr.status).json({
        error: { ...appErr.details, code: appErr.code, message: appErr.message, ...(appErr.fields ? { fields: appErr.fields } : {}) },
      });
      return;
    }
    const httpErr = err as HttpLikeError;
    const status = httpErr?.status ?? httpErr?.statusCode;
    if (httpErr?.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'bad_request', message: 'Malformed JSON body', fields: { body: 'malformed JSON' } } });
      return;
    }
    if (httpErr?.type === 'entity.too.large' || status === 413) {
      res.status(413).json({ error: { code: 'payload_too_large', message: 'Request body too large' } });
      return;
    }
    if (typeof status === 'number' && status >= 400 && status < 500 && httpErr.expose !== false) {
      res.status(status).json({ error: { code: 'bad_request', message: (err as Error).message } });
      return;
    }
    if (isDbUnavailableError(err)) {
      log.warn('database unavailable', { requestId, method: req.method, url: req.originalUrl, error: (err as Error).message });
      res.status(503).set('Retry-After', '5').json({ error: { code: 'unavailable', message: 'Database unavailable, try again shortly' } });
      return;
    }
    log.error('unhandled error', { requestId, method: req.method, url: req.originalUrl, error: err });
    res.status(500).json({ error: { code: 'internal', message: 'Internal server error', requestId } });
  };
}
