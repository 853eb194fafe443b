/**
 * HTTP to the started server: an undici dispatcher that trusts the server's local CA (and only adds it: public
 * CAs stay trusted), a fetch bound to it, and the administrator's calls to calm-keys' own REST API (faults, the
 * clock, the service keys) with an API token created once at start.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, fetch as undiciFetch, type Dispatcher } from 'undici';

export type BoundFetch = (
  input: string | URL,
  init?: Parameters<typeof undiciFetch>[1],
) => ReturnType<typeof undiciFetch>;

export interface Trust {
  readonly dispatcher: Dispatcher;
  /** The local CA's PEM, if the server has TLS. */
  readonly ca: string | undefined;
  /** Node's public CAs and the local one: what the dispatcher trusts. */
  readonly trusted: readonly string[];
}

export function trustingDispatcher(caFile: string | null): Trust {
  const ca = caFile ? readFileSync(caFile, 'utf8') : undefined;
  const trusted = ca ? [...rootCertificates, ca] : [...rootCertificates];
  return { dispatcher: new Agent({ connect: { ca: trusted } }), ca, trusted };
}

export function boundFetch(dispatcher: Dispatcher): BoundFetch {
  // a dispatcher the caller passes (an mTLS agent) wins over the default one
  return (input, init) => undiciFetch(input, { dispatcher, ...init });
}

/** A calm-keys error answer as an Error whose message names the call, the status and the server's message. */
async function failure(method: string, path: string, response: Response | Awaited<ReturnType<typeof undiciFetch>>) {
  const text = await response.text();
  let detail = text;
  try {
    const body = JSON.parse(text) as { code?: string; message?: string };
    if (body.message) detail = body.code ? `${body.code}: ${body.message}` : body.message;
  } catch {
    // not JSON: the text as it came
  }
  return new Error(`calm-keys ${method} ${path}: ${response.status} ${detail.slice(0, 500)}`);
}

export interface AdminApi {
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/**
 * Signs in as the administrator (the password this helper gave the server), creates a personal API token for
 * the rest of the run, and calls with it. The session's cookie is used once, for that token only.
 */
export async function adminApi(
  fetch: BoundFetch,
  baseUrl: string,
  username: string,
  password: string,
): Promise<AdminApi> {
  let token = await createApiToken(fetch, baseUrl, username, password);
  async function send(method: string, path: string, body: unknown) {
    return fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
  return {
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      let response = await send(method, path, body);
      // a dev clock moved past the token's expiry ends it, as it would any API token: sign in again, once
      if (response.status === 401) {
        token = await createApiToken(fetch, baseUrl, username, password);
        response = await send(method, path, body);
      }
      if (!response.ok) throw await failure(method, path, response);
      const text = await response.text();
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

async function createApiToken(fetch: BoundFetch, baseUrl: string, username: string, password: string): Promise<string> {
  const login = await fetch(`${baseUrl}/auth/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw await failure('POST', '/auth/v1/login', login);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const created = await fetch(`${baseUrl}/auth/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: new URL(baseUrl).origin },
    body: JSON.stringify({ name: 'calm-keys/testing' }),
  });
  if (!created.ok) throw await failure('POST', '/auth/v1/tokens', created);
  return ((await created.json()) as { token: string }).token;
}
