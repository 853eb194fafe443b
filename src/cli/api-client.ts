/**
 * How CLI commands call a calm-keys server: JSON over the egress client, authenticated with a personal
 * API token (create one with POST /auth/v1/tokens). Errors come back as the server's message.
 */
import type { Command } from 'commander';
import { loadClientSettings } from '../config/index.js';
import { createEgressClient, isEgressError } from '../egress/index.js';
import { DomainError, type Problem } from '../shared/index.js';
import { TRUST_HINT, trustedCaCertificates } from './trust.js';

export interface ApiClient {
  call<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** A call whose request or answer is a file: bytes out as given, bytes back as received. Errors as for `call`. */
  raw(method: 'GET' | 'POST', path: string, file?: { bytes: Uint8Array; contentType: string }): Promise<{ bytes: Buffer; headers: Readonly<Record<string, string>> }>;
  close(): Promise<void>;
}

/** Adds --url, --token and --ca to a command that talks to the server. */
export function withServerOptions(command: Command): Command {
  return command
    .option('--url <url>', 'calm-keys server (env CALM_KEYS_URL, default https://localhost:8443)')
    .option('--token <token>', 'personal API token (env CALM_KEYS_API_TOKEN)')
    .option('--ca <file>', 'CA certificate to trust (env CALM_KEYS_CA_FILE; else ./data/tls/ca.pem when present; NODE_EXTRA_CA_CERTS is kept)');
}

export function createApiClient(options: { url?: string; token?: string; ca?: string }): ApiClient {
  const settings = loadClientSettings(options);
  if (!settings.token) {
    throw new DomainError('unauthenticated', 'cli.no_token', 'No API token: pass --token or set CALM_KEYS_API_TOKEN (create one with POST /auth/v1/tokens after signing in).');
  }
  const caCertificates = trustedCaCertificates(options.ca);
  const egress = createEgressClient({ ...(caCertificates.length > 0 ? { caCertificates } : {}), timeoutMs: 30_000 });
  /** The server's message and the fields it names (details) are what the user acts on. */
  function refusal(status: number, json: unknown): DomainError {
    const error = (json as { error?: { code?: string; message?: string; details?: Problem[]; warnings?: Problem[] } } | undefined)?.error;
    const valid = (list: unknown) => (Array.isArray(list) ? (list as Problem[]).filter((d) => typeof d?.path === 'string' && typeof d.message === 'string') : []);
    return new DomainError('invalid_input', error?.code ?? 'cli.http_error', error?.message ?? `The server answered HTTP ${status}.`, { details: valid(error?.details), warnings: valid(error?.warnings) });
  }

  async function send(method: 'GET' | 'POST' | 'DELETE', path: string, headers: Record<string, string>, body?: string | Uint8Array) {
    try {
      const res = await egress.request({ method, url: `${settings.url}${path}`, headers: { authorization: `Bearer ${settings.token}`, ...headers }, ...(body === undefined ? {} : { body }) });
      if (res.status >= 400) throw refusal(res.status, res.json());
      return res;
    } catch (error) {
      if (isEgressError(error)) {
        const hint = error.kind === 'tls' ? `; ${TRUST_HINT}` : '';
        throw new DomainError('unavailable', 'cli.unreachable', `Cannot reach ${settings.url}: ${error.message}${hint}`);
      }
      throw error;
    }
  }

  return {
    async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
      const res = await send(method, path, { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body === undefined ? undefined : JSON.stringify(body));
      return (res.status === 204 ? undefined : res.json()) as T;
    },
    async raw(method, path, file) {
      const res = await send(method, path, { accept: '*/*', ...(file ? { 'content-type': file.contentType } : {}) }, file?.bytes);
      return { bytes: res.bodyBytes, headers: res.headers };
    },
    close: () => egress.close(),
  };
}

/**
 * Runs a command's calls to the server and closes the client. Commands check their usage (object, options)
 * before calling this, so that a wrong command says so before anything about the token or the server.
 */
export async function withApiClient(options: { url?: string; token?: string; ca?: string }, work: (api: ApiClient) => Promise<void>): Promise<void> {
  const api = createApiClient(options);
  try {
    await work(api);
  } finally {
    await api.close();
  }
}
