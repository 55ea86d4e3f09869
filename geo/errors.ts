/**
 * The few typed errors geo/ throws, for conditions a caller branches on. The server maps
 * `invalid_input` to 400/422, `no_route` to 422 with a typed body, `infeasible` to 422.
 */
export type GeoErrorCode = 'invalid_input' | 'no_route' | 'infeasible';

export class GeoError extends Error {
  readonly code: GeoErrorCode;
  /** The argument or constraint at fault, e.g. `'k'`, `'from'`, `'lockedUnits'`. */
  readonly field: string | undefined;

  constructor(code: GeoErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'GeoError';
    this.code = code;
    this.field = field;
  }
}

/** Throws `invalid_input` naming the argument and its value unless `ok`. */
export function check(ok: boolean, field: string, message: string): asserts ok {
  if (!ok) throw new GeoError('invalid_input', `${field}: ${message}`, field);
}
