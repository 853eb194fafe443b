/**
 * How CLI commands call a calm-keys server: openapi-fetch over the types generated from the server's OpenAPI
 * document (`generated/api.d.ts`, `npm run gen:api`), sent through the egress client so that the CLI's trust
 * rules hold (`trust.ts`: --ca, CALM_KEYS_CA_FILE, ./data/tls/ca.pem, NODE_EXTRA_CA_CERTS), authenticated with a
 * personal API token (create one with POST /auth/v1/tokens). A refusal comes back as the server's message.
 */
import type { Command } from 'commander';
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from '../../generated/api.js';
import { loadClientSettings } from '../config/index.js';
import { createEgressClient, isEgressError, type EgressClient, type EgressRequest } from '../egress/index.js';
import { DomainError, type Problem } from '../shared/index.js';
import { TRUST_HINT, trustedCaCertificates } from './trust.js';
import { CLI_ERRORS } from './errors.js';

/** The server's answers by their OpenAPI component name (SlotView, SmServiceInstance, ...). */
export type Schemas = components['schemas'];

/** The typed REST client (`api.GET('/lm/v1/tenants')`, paths and bodies checked against the document); wrap calls in `answer`. */
export interface ApiClient extends Client<paths> {
  close(): Promise<void>;
}

/** Adds --url, --token and --ca to a command that talks to the server. */
export function withServerOptions(command: Command): Command {
  return command
    .option('--url <url>', 'calm-keys server (env CALM_KEYS_URL, default https://localhost:8443)')
    .option('--token <token>', 'personal API token (env CALM_KEYS_API_TOKEN)')
    .option(
      '--ca <file>',
      'CA certificate to trust (env CALM_KEYS_CA_FILE; else ./data/tls/ca.pem when present; NODE_EXTRA_CA_CERTS is kept)',
    );
}

/**
 * The server's message and the fields it names (details) are what the user acts on. The Service Manager API
 * (`/v1`) answers SAP's `{"error": "NotFound", "description", "code"}` instead of our envelope.
 */
export function refusal(status: number, json: unknown): DomainError {
  const sm = json as { error?: unknown; description?: unknown; code?: unknown } | undefined;
  if (typeof sm?.error === 'string' && typeof sm.description === 'string')
    return new DomainError(
      'invalid_input',
      typeof sm.code === 'string' ? sm.code : CLI_ERRORS.http_error,
      sm.description,
    );
  const error = (
    json as { error?: { code?: string; message?: string; details?: Problem[]; warnings?: Problem[] } } | undefined
  )?.error;
  const valid = (list: unknown) =>
    Array.isArray(list)
      ? (list as Problem[]).filter((d) => typeof d?.path === 'string' && typeof d.message === 'string')
      : [];
  return new DomainError(
    'invalid_input',
    error?.code ?? CLI_ERRORS.http_error,
    error?.message ?? `The server answered HTTP ${status}.`,
    { details: valid(error?.details), warnings: valid(error?.warnings) },
  );
}

/** The success body of a typed call; a 4xx or 5xx answer throws the server's refusal (code, message, details). */
export async function answer<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await pending;
  if (!response.ok) throw refusal(response.status, error);
  return data as T;
}

// statuses whose Response may not carry a body (the fetch standard)
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * `fetch` for openapi-fetch, over the egress client: its timeouts, size cap, no redirects and the CA list of
 * trust.ts. A failure to reach the server becomes `cli.unreachable`, with the trust hint for a TLS failure.
 */
export function egressFetch(egress: EgressClient, baseUrl: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const bytes = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    const headers = Object.fromEntries(request.headers);
    try {
      const res = await egress.request({
        method: request.method as EgressRequest['method'],
        url: request.url,
        headers,
        ...(bytes === undefined ? {} : { body: bytes }),
      });
      return new Response(NULL_BODY.has(res.status) ? null : res.bodyBytes, {
        status: res.status,
        headers: res.headers,
      });
    } catch (error) {
      if (isEgressError(error)) {
        const hint = error.kind === 'tls' ? `; ${TRUST_HINT}` : '';
        throw new DomainError(
          'unavailable',
          CLI_ERRORS.unreachable,
          `Cannot reach ${baseUrl}: ${error.message}${hint}`,
        );
      }
      throw error;
    }
  };
}

export function createApiClient(options: { url?: string; token?: string; ca?: string }): ApiClient {
  const settings = loadClientSettings(options);
  if (!settings.token) {
    throw new DomainError(
      'unauthenticated',
      CLI_ERRORS.no_token,
      'No API token: pass --token or set CALM_KEYS_API_TOKEN (create one with POST /auth/v1/tokens after signing in).',
    );
  }
  const caCertificates = trustedCaCertificates(options.ca);
  const egress = createEgressClient({ ...(caCertificates.length > 0 ? { caCertificates } : {}), timeoutMs: 30_000 });
  const client = createClient<paths>({
    baseUrl: settings.url,
    fetch: egressFetch(egress, settings.url),
    headers: { accept: 'application/json', authorization: `Bearer ${settings.token}` },
  });
  return { ...client, close: () => egress.close() };
}

/**
 * Runs a command's calls to the server and closes the client. Commands check their usage (object, options)
 * before calling this, so that a wrong command says so before anything about the token or the server.
 */
export async function withApiClient(
  options: { url?: string; token?: string; ca?: string },
  work: (api: ApiClient) => Promise<void>,
): Promise<void> {
  const api = createApiClient(options);
  try {
    await work(api);
  } finally {
    await api.close();
  }
}
