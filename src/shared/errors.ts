/**
 * Domain errors: a stable machine-readable `code`, a message a person can act on, and a `kind` that
 * `http/` maps to a status in exactly one place. Nothing here knows about HTTP.
 */
import { SHARED_ERRORS } from './error-codes.js';

export type ErrorKind =
  | 'invalid_input' // the caller sent something wrong (4xx with the JSON path of the problem)
  | 'unauthenticated' // no or bad credentials
  | 'forbidden' // authenticated but not allowed
  | 'not_found' // does not exist, or belongs to another tenant
  | 'conflict' // state does not allow it (e.g. the slot already holds a key)
  | 'too_large' // the body or file is over a documented limit
  | 'unsupported_media_type' // the body's Content-Type is not one the endpoint reads (415)
  | 'precondition_required' // a required request parameter is missing where the API answers 428 (Cloud ALM logs read)
  | 'rate_limited' // too many attempts
  | 'unavailable'; // a dependency (database, remote server) cannot be reached

/** One problem with an input, located by a JSON path such as `uaa.credential-type`. */
export interface Problem {
  /** JSON path of the offending value; `$` for the document as a whole. */
  readonly path: string;
  /** Rule id, e.g. `F4` for the Landscape Management format check; absent for plain schema errors. */
  readonly rule?: string;
  readonly message: string;
}

export interface DomainErrorOptions {
  readonly details?: readonly Problem[];
  readonly cause?: unknown;
  /** Seconds a client should wait before retrying (rate limits). */
  readonly retryAfterSeconds?: number;
  /** Problems that did not cause the refusal but that the caller should see with it (format-check warnings). */
  readonly warnings?: readonly Problem[];
}

export class DomainError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly details: readonly Problem[];
  readonly retryAfterSeconds: number | undefined;
  readonly warnings: readonly Problem[];

  constructor(kind: ErrorKind, code: string, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.details = options.details ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.warnings = options.warnings ?? [];
  }
}

export const invalidInput = (code: string, message: string, details?: readonly Problem[]): DomainError =>
  new DomainError('invalid_input', code, message, details === undefined ? {} : { details });

/** The code of a 404: `<thing>.not_found`, from the thrower's catalogue (e.g. `service_instance.not_found`). */
export type NotFoundCode = `${string}.not_found`;

/** The thing a not-found code names, in words: `service_instance.not_found` gives "service instance". */
export const notFoundThing = (code: NotFoundCode): string => code.slice(0, -'.not_found'.length).replace(/_/g, ' ');

export const notFound = (code: NotFoundCode, id: string): DomainError =>
  new DomainError('not_found', code, `No ${notFoundThing(code)} with id "${id}" exists here.`);

export const forbidden = (message = 'Your roles do not allow this action.'): DomainError =>
  new DomainError('forbidden', SHARED_ERRORS.forbidden, message);

export const unauthenticated = (message = 'Sign in or send a valid API token.'): DomainError =>
  new DomainError('unauthenticated', SHARED_ERRORS.unauthenticated, message);

export const conflict = (code: string, message: string): DomainError => new DomainError('conflict', code, message);

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
