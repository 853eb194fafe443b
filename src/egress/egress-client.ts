/**
 * The one way calm-keys calls other servers (token endpoints, JWKS, Cloud ALM APIs). Built on undici so
 * that timeouts, TLS trust and client certificates are per client, not process-global.
 *
 * Invariants:
 *  - redirects are never followed: an OAuth token request must not carry a secret to another host;
 *  - the allow-list is checked before any DNS lookup or connection;
 *  - a response body is read up to `maxResponseBytes` and no further;
 *  - one total deadline covers connect, headers and body;
 *  - an agent holding a client certificate serves only that certificate, and is closed after its call;
 *  - errors name `host:port`, never the body, headers or path (see egress-error.ts).
 */
import type { LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Agent, request as undiciRequest } from 'undici';
import { classifyFailure, EgressError, type FailureContext } from './egress-error.js';
import { createHostAllowList, effectivePort } from './host-allow-list.js';

export const USER_AGENT = 'calm-keys/0.1';

export const EGRESS_DEFAULTS = {
  connectTimeoutMs: 5_000,
  timeoutMs: 10_000,
  maxResponseBytes: 1024 * 1024,
} as const;

export interface ClientCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

export interface EgressClientOptions {
  /** Time to establish TCP and TLS. Default 5 s. */
  readonly connectTimeoutMs?: number;
  /** Total deadline for one request: connect, send, headers and body. Default 10 s. */
  readonly timeoutMs?: number;
  /** Time to wait for the response headers once sent. Default: `timeoutMs`. */
  readonly headersTimeoutMs?: number;
  /** Largest response body accepted. Default 1 MiB. */
  readonly maxResponseBytes?: number;
  /** Host patterns this client may call (host-allow-list.ts); undefined allows all. */
  readonly allowHosts?: readonly string[];
  /**
   * Extra trusted CA certificates (PEM), added to node's bundled roots. Node ignores NODE_EXTRA_CA_CERTS
   * once a `ca` list is given, so a caller that wants both passes that file's certificates here too.
   */
  readonly caCertificates?: readonly string[];
  /** A client certificate for every request of this client (mTLS). */
  readonly clientCertificate?: ClientCertificate;
  /**
   * The name lookup of each connection (default: the system's). Webhooks pass one that refuses names resolving
   * to loopback or link-local addresses; it runs at connect time, so a DNS answer that changes is checked too.
   */
  readonly lookup?: LookupFunction;
}

/** Bytes are sent as they are (a file upload); strings as UTF-8. */
export type RequestBody = string | URLSearchParams | Uint8Array;

export interface EgressRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  readonly url: string | URL;
  readonly headers?: Readonly<Record<string, string>>;
  /** URLSearchParams are sent as `application/x-www-form-urlencoded;charset=UTF-8`, like @sap/xssec does. */
  readonly body?: RequestBody;
  /** Client certificate for this call only; it gets an agent of its own that is closed afterwards. */
  readonly clientCertificate?: ClientCertificate;
  /** Extra trusted CAs for this call only (added to the client's). */
  readonly caCertificates?: readonly string[];
}

export interface EgressResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyText: string;
  /** The body exactly as received (text decoding would keep a BOM but not invalid UTF-8). */
  readonly bodyBytes: Buffer;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  json(): unknown;
}

export interface EgressSettings {
  readonly connectTimeoutMs: number;
  readonly timeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly allowHosts: readonly string[] | undefined;
}

export interface EgressClient {
  readonly settings: EgressSettings;
  request(request: EgressRequest): Promise<EgressResponse>;
  /** Closes every connection this client holds; later requests fail. */
  close(): Promise<void>;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`egress option ${name} must be a positive number, got ${value}`);
  return value;
}

function normaliseHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

interface DiscardableBody {
  on(event: 'error', listener: () => void): unknown;
  destroy(): unknown;
}

/** Drops the rest of a body and its connection; the abort error undici emits for that is expected. */
function discard(body: DiscardableBody): void {
  body.on('error', () => undefined);
  body.destroy();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function parseUrl(input: string | URL): URL {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    // The URL itself is not repeated: it may carry credentials in its user-info or query.
    throw new EgressError('invalid_url', 'the request URL is not a valid absolute URL', { target: '(invalid URL)' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new EgressError('invalid_url', `only http and https URLs can be called, not ${url.protocol}`, {
      target: url.host,
    });
  }
  return url;
}

export function createEgressClient(options: EgressClientOptions = {}): EgressClient {
  const settings: EgressSettings = {
    connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs ?? EGRESS_DEFAULTS.connectTimeoutMs),
    timeoutMs: positive('timeoutMs', options.timeoutMs ?? EGRESS_DEFAULTS.timeoutMs),
    headersTimeoutMs: positive(
      'headersTimeoutMs',
      options.headersTimeoutMs ?? options.timeoutMs ?? EGRESS_DEFAULTS.timeoutMs,
    ),
    maxResponseBytes: positive('maxResponseBytes', options.maxResponseBytes ?? EGRESS_DEFAULTS.maxResponseBytes),
    allowHosts: options.allowHosts === undefined ? undefined : [...options.allowHosts],
  };
  const allowList = createHostAllowList(options.allowHosts);
  const clientCas = options.caCertificates ?? [];
  const oneShotAgents = new Set<Agent>();
  let sharedAgent: Agent | undefined;
  let closed = false;

  function buildAgent(extraCas: readonly string[], certificate: ClientCertificate | undefined): Agent {
    const cas = [...clientCas, ...extraCas];
    return new Agent({
      connect: {
        timeout: settings.connectTimeoutMs,
        rejectUnauthorized: true,
        // Passing no `ca` at all keeps node's defaults, including NODE_EXTRA_CA_CERTS.
        ...(cas.length > 0 ? { ca: [...rootCertificates, ...cas] } : {}),
        ...(certificate ? { cert: certificate.certificatePem, key: certificate.privateKeyPem } : {}),
        ...(options.lookup ? { lookup: options.lookup } : {}),
      },
      headersTimeout: settings.headersTimeoutMs,
      bodyTimeout: settings.timeoutMs,
    });
  }

  function agentFor(req: EgressRequest): { agent: Agent; oneShot: boolean } {
    const perCall = req.clientCertificate !== undefined || (req.caCertificates?.length ?? 0) > 0;
    if (perCall) {
      const agent = buildAgent(req.caCertificates ?? [], req.clientCertificate ?? options.clientCertificate);
      oneShotAgents.add(agent);
      return { agent, oneShot: true };
    }
    sharedAgent ??= buildAgent([], options.clientCertificate);
    return { agent: sharedAgent, oneShot: false };
  }

  async function readCapped(body: AsyncIterable<Buffer> & DiscardableBody, target: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > settings.maxResponseBytes) {
        discard(body);
        throw tooLarge(target);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  function tooLarge(target: string): EgressError {
    return new EgressError('too_large', `the answer from ${target} is larger than ${settings.maxResponseBytes} bytes`, {
      target,
      limitBytes: settings.maxResponseBytes,
    });
  }

  async function request(req: EgressRequest): Promise<EgressResponse> {
    const url = parseUrl(req.url);
    const target = `${url.hostname}:${effectivePort(url)}`;
    if (closed) throw new EgressError('network', `the egress client is closed; ${target} was not called`, { target });
    if (allowList && !allowList.allows(url)) {
      const refusal = allowList.refusal(url);
      if (refusal)
        throw new EgressError(
          'not_allowed',
          `${target} is refused by the egress allow-list: ${refusal}; nothing was sent`,
          { target },
        );
      const list = allowList.patterns.map((p) => p.source).join(', ') || '(empty)';
      throw new EgressError('not_allowed', `${target} is not on the egress allow-list (${list}); nothing was sent`, {
        target,
      });
    }

    const headers: Record<string, string> = { 'user-agent': USER_AGENT };
    let body: string | Uint8Array | undefined;
    if (req.body instanceof URLSearchParams) {
      headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
      body = req.body.toString();
    } else {
      body = req.body;
    }
    for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;

    const context: FailureContext = {
      target,
      hostname: url.hostname,
      https: url.protocol === 'https:',
      usedClientCertificate: (req.clientCertificate ?? options.clientCertificate) !== undefined,
      connectTimeoutMs: settings.connectTimeoutMs,
      headersTimeoutMs: settings.headersTimeoutMs,
      timeoutMs: settings.timeoutMs,
    };
    const { agent, oneShot } = agentFor(req);
    const deadline = new AbortController();
    let deadlinePassed = false;
    const timer = setTimeout(() => {
      deadlinePassed = true;
      deadline.abort();
    }, settings.timeoutMs);
    try {
      const response = await undiciRequest(url, {
        dispatcher: agent,
        method: req.method,
        headers,
        body,
        signal: deadline.signal,
      });
      const responseHeaders = normaliseHeaders(response.headers);
      const declared = Number(responseHeaders['content-length']);
      if (Number.isFinite(declared) && declared > settings.maxResponseBytes) {
        discard(response.body);
        throw tooLarge(target);
      }
      const bodyBytes = await readCapped(response.body, target);
      const bodyText = bodyBytes.toString('utf8');
      return {
        status: response.statusCode,
        headers: responseHeaders,
        bodyText,
        bodyBytes,
        json: () => parseJson(bodyText),
      };
    } catch (error) {
      throw classifyFailure(error, context, deadlinePassed);
    } finally {
      clearTimeout(timer);
      if (oneShot) {
        oneShotAgents.delete(agent);
        // destroy, not close: nothing else may ever reuse a connection that carried this certificate
        await agent.destroy().catch(() => undefined);
      }
    }
  }

  async function close(): Promise<void> {
    closed = true;
    const agents = [...oneShotAgents, ...(sharedAgent ? [sharedAgent] : [])];
    oneShotAgents.clear();
    sharedAgent = undefined;
    await Promise.all(agents.map((agent) => agent.close().catch(() => agent.destroy())));
  }

  return { settings, request, close };
}
