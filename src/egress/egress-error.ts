/**
 * Typed failures of outbound HTTP. A message names the remote `host:port` and what went wrong, never the
 * request body, headers or path: a token request body carries a client secret, an API call a bearer token.
 * The low-level cause is reduced to its code and a short reason, so that a logger that serialises
 * `error.cause` cannot pick up request options either.
 */
import { EGRESS_ERRORS, type EgressErrorCode } from './errors.js';

export type EgressErrorKind =
  | 'timeout' // connect, headers or total deadline passed
  | 'connection_refused' // nothing listens at host:port
  | 'dns' // the host name does not resolve (ENOTFOUND, e.g. any host under .invalid)
  | 'tls' // untrusted certificate, host name mismatch, handshake failure, client certificate refused
  | 'too_large' // the response body is over the client's maxResponseBytes
  | 'not_allowed' // the host is not on the allow-list; nothing was sent
  | 'invalid_url' // not an absolute http(s) URL
  | 'network'; // any other socket failure (reset, unreachable network, closed without an answer)

export interface EgressErrorFacts {
  /** `host:port` of the remote end, always with the port (443/80 filled in). */
  readonly target: string;
  /** The low-level code, e.g. `ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`. */
  readonly causeCode?: string;
  /** The limit that was hit, in ms, for `timeout`. */
  readonly timeoutMs?: number;
  /** The limit that was hit, in bytes, for `too_large`. */
  readonly limitBytes?: number;
}

export class EgressError extends Error {
  readonly kind: EgressErrorKind;
  /** Stable code in the style of DomainError codes, from EGRESS_ERRORS: `egress.timeout`, `egress.tls`, ... */
  readonly code: EgressErrorCode;
  readonly target: string;
  readonly causeCode: string | undefined;
  readonly timeoutMs: number | undefined;
  readonly limitBytes: number | undefined;

  constructor(kind: EgressErrorKind, message: string, facts: EgressErrorFacts) {
    super(message);
    this.name = 'EgressError';
    this.kind = kind;
    this.code = EGRESS_ERRORS[kind];
    this.target = facts.target;
    this.causeCode = facts.causeCode;
    this.timeoutMs = facts.timeoutMs;
    this.limitBytes = facts.limitBytes;
  }
}

export function isEgressError(value: unknown): value is EgressError {
  return value instanceof EgressError;
}

/** What the classifier needs to know about the request that failed. */
export interface FailureContext {
  readonly target: string;
  readonly hostname: string;
  readonly https: boolean;
  readonly usedClientCertificate: boolean;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly timeoutMs: number;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);

/** Certificate verification codes of OpenSSL/node that mean "we do not trust the server". */
const UNTRUSTED_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
]);
const EXPIRY_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

interface LowLevel {
  code: string | undefined;
  message: string;
  bytesRead: number | undefined;
}

/** Node and undici hide the useful code at different depths (AggregateError from happy eyeballs, cause chains). */
function lowLevel(error: unknown): LowLevel {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const e = current as Error & { code?: unknown; errors?: unknown; socket?: { bytesRead?: unknown } };
    if (typeof e.code === 'string' && e.code !== '') {
      const bytesRead = typeof e.socket?.bytesRead === 'number' ? e.socket.bytesRead : undefined;
      return { code: e.code, message: e.message, bytesRead };
    }
    current = Array.isArray(e.errors) && e.errors.length > 0 ? e.errors[0] : e.cause;
  }
  return { code: undefined, message: error instanceof Error ? error.message : String(error), bytesRead: undefined };
}

function tlsReason(code: string, context: FailureContext): string | undefined {
  if (UNTRUSTED_CODES.has(code)) {
    return `the server certificate is not trusted (${code}); add the CA certificate that issued it`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') {
    return `the server certificate is not valid for the host name ${context.hostname} (${code})`;
  }
  if (EXPIRY_CODES.has(code)) return `the server certificate is outside its validity period (${code})`;
  if (code.startsWith('ERR_OSSL_') && context.usedClientCertificate) {
    return `the client certificate or its private key could not be loaded (${code})`;
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO') {
    const refusedClientCert = /ALERT_(CERTIFICATE_REQUIRED|UNKNOWN_CA|BAD_CERTIFICATE|HANDSHAKE_FAILURE)/.test(code);
    if (refusedClientCert && context.usedClientCertificate) {
      return `the server refused the client certificate during the TLS handshake (${code})`;
    }
    if (code === 'ERR_SSL_WRONG_VERSION_NUMBER')
      return `the port does not speak TLS; is it a plain http port? (${code})`;
    return `the TLS handshake failed (${code})`;
  }
  return undefined;
}

/** Turns whatever undici or node threw into an EgressError with a message a person can act on. */
export function classifyFailure(error: unknown, context: FailureContext, deadlinePassed: boolean): EgressError {
  const { target } = context;
  if (error instanceof EgressError) return error;
  const { code, message, bytesRead } = lowLevel(error);
  const facts = code === undefined ? { target } : { target, causeCode: code };

  if (code === 'UND_ERR_HEADERS_TIMEOUT' && !deadlinePassed) {
    return new EgressError(
      'timeout',
      `no answer from ${target} within ${context.headersTimeoutMs} ms (headers timeout)`,
      {
        ...facts,
        timeoutMs: context.headersTimeoutMs,
      },
    );
  }
  if (deadlinePassed || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT') {
    return new EgressError('timeout', `no complete answer from ${target} within ${context.timeoutMs} ms (timeout)`, {
      ...facts,
      timeoutMs: context.timeoutMs,
    });
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new EgressError(
      'timeout',
      `could not connect to ${target} within ${context.connectTimeoutMs} ms (connect timeout)`,
      { ...facts, timeoutMs: context.connectTimeoutMs },
    );
  }
  if (code === 'ECONNREFUSED') {
    return new EgressError('connection_refused', `connection to ${target} refused: nothing listens there`, facts);
  }
  if (code !== undefined && DNS_CODES.has(code)) {
    return new EgressError('dns', `the host name ${context.hostname} does not resolve (${code})`, facts);
  }
  const reason = code === undefined ? undefined : tlsReason(code, context);
  if (reason !== undefined) return new EgressError('tls', `TLS with ${target} failed: ${reason}`, facts);

  // A TLS 1.3 server that refuses a client certificate finishes the handshake and then hangs up, so the
  // client sees only "other side closed" before any byte of an answer.
  const closedInHandshake =
    (code === 'UND_ERR_SOCKET' && bytesRead === 0) || (code === 'ECONNRESET' && /TLS connection/.test(message));
  if (context.https && closedInHandshake) {
    const why = context.usedClientCertificate
      ? 'it most likely refused the client certificate'
      : 'it may require a client certificate';
    return new EgressError(
      'tls',
      `TLS with ${target} failed: the server closed the connection without answering; ${why} (${code})`,
      facts,
    );
  }
  const detail = code ?? 'no error code';
  return new EgressError('network', `the connection to ${target} failed (${detail})`, facts);
}
