/**
 * How CLI commands call a calm-keys server: JSON over the egress client, authenticated with a personal
 * API token (create one with POST /auth/v1/tokens). Errors come back as the server's message.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadClientSettings } from '../config/index.js';
import { createEgressClient, isEgressError } from '../egress/index.js';
import { DomainError, type Problem } from '../shared/index.js';

export interface ApiClient {
  call<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** Adds --url, --token and --ca to a command that talks to the server. */
export function withServerOptions(command: Command): Command {
  return command
    .option('--url <url>', 'calm-keys server (env CALM_KEYS_URL, default https://localhost:8443)')
    .option('--token <token>', 'personal API token (env CALM_KEYS_API_TOKEN)')
    .option('--ca <file>', 'CA certificate to trust (env CALM_KEYS_CA_FILE; ./data/tls/ca.pem is used when present)');
}

export function createApiClient(options: { url?: string; token?: string; ca?: string }): ApiClient {
  const settings = loadClientSettings(options);
  if (!settings.token) {
    throw new DomainError('unauthenticated', 'cli.no_token', 'No API token: pass --token or set CALM_KEYS_API_TOKEN (create one with POST /auth/v1/tokens after signing in).');
  }
  const egress = createEgressClient({ caCertificates: settings.caFiles.map((f) => readFileSync(f, 'utf8')), timeoutMs: 30_000 });
  return {
    async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
      try {
        const res = await egress.request({
          method,
          url: `${settings.url}${path}`,
          headers: { authorization: `Bearer ${settings.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        if (res.status === 204) return undefined as T;
        const json = res.json() as { error?: { code?: string; message?: string; details?: Problem[] } } | undefined;
        if (res.status >= 400) {
          // The server's message and the fields it names (details) are what the user acts on.
          const details = Array.isArray(json?.error?.details) ? json.error.details.filter((d) => typeof d?.path === 'string' && typeof d.message === 'string') : [];
          throw new DomainError('invalid_input', json?.error?.code ?? 'cli.http_error', json?.error?.message ?? `The server answered HTTP ${res.status}.`, { details });
        }
        return json as T;
      } catch (error) {
        if (isEgressError(error)) {
          const hint = error.kind === 'tls' ? ' with --ca <file> or CALM_KEYS_CA_FILE (calm-keys serve prints where its CA file is)' : '';
          throw new DomainError('unavailable', 'cli.unreachable', `Cannot reach ${settings.url}: ${error.message}${hint}`);
        }
        throw error;
      }
    },
    close: () => egress.close(),
  };
}
