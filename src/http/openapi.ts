/**
 * The OpenAPI 3.1 description of the REST API, served at `/openapi.json`. One row per route; request bodies
 * and queries are the same zod schemas the routes parse with, converted to JSON Schema, so the document
 * cannot drift from validation. A test compares this table with the routes fastify actually registered.
 */
import { z } from 'zod';
import { pushQuery, readQuery } from './routes/alm.routes.js';
import { auditQuery } from './routes/audit.routes.js';
import { loginBody, passwordBody, tokenBody } from './routes/auth.routes.js';
import { bindingBody, globalAccountBody, instanceBody, keyQuery, subaccountBody, subscribeBody } from './routes/btp.routes.js';
import { createBody, metricsQuery, monitoringBody } from './routes/lm-objects.routes.js';
import { deleteQuery, uploadQuery } from './routes/lm.routes.js';
import { rotateBody } from './routes/signing-keys.routes.js';
import { roleBody, userBody } from './routes/users.routes.js';

type Auth = 'none' | 'person' | 'bearer' | 'client';
type Tag = 'health' | 'auth' | 'access' | 'audit' | 'oauth' | 'btp' | 'landscape' | 'cloud-alm-api';

export interface RouteDoc {
  readonly summary: string;
  readonly tag: Tag;
  /** person: session cookie or personal API token; bearer: a JWT from a service key; client: OAuth client authentication. */
  readonly auth: Auth;
  readonly body?: z.ZodType | 'form' | 'file' | 'otlp';
  readonly query?: z.ZodType;
  /** The success status (default 200). */
  readonly status?: number;
}

const tenantKey = '/lm/v1/tenants/{tenantId}/service-key';

/** Keyed `METHOD /path/{param}`. */
export const ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'GET /healthz': { summary: 'Liveness', tag: 'health', auth: 'none' },
  'GET /readyz': { summary: 'Readiness: the database answers', tag: 'health', auth: 'none' },
  'GET /openapi.json': { summary: 'This document', tag: 'health', auth: 'none' },

  'POST /auth/v1/login': { summary: 'Sign in; sets the session cookie', tag: 'auth', auth: 'none', body: loginBody },
  'POST /auth/v1/logout': { summary: 'Sign out', tag: 'auth', auth: 'person', status: 204 },
  'GET /auth/v1/me': { summary: 'The signed-in user and roles', tag: 'auth', auth: 'person' },
  'GET /auth/v1/session': { summary: 'Whether this browser is signed in (always 200; the web UI asks it on load)', tag: 'auth', auth: 'none' },
  'POST /auth/v1/password': { summary: 'Change the own password', tag: 'auth', auth: 'person', body: passwordBody, status: 204 },
  'POST /auth/v1/tokens': { summary: 'Create a personal API token (shown once)', tag: 'auth', auth: 'person', body: tokenBody, status: 201 },
  'GET /auth/v1/tokens': { summary: 'List own API tokens (never the token)', tag: 'auth', auth: 'person' },
  'DELETE /auth/v1/tokens/{id}': { summary: 'Revoke an API token', tag: 'auth', auth: 'person', status: 204 },

  'GET /access/v1/roles': { summary: 'The role catalogue', tag: 'access', auth: 'none' },
  'GET /access/v1/users': { summary: 'Users (calm-keys Administrator)', tag: 'access', auth: 'person' },
  'POST /access/v1/users': { summary: 'Create a user (calm-keys Administrator)', tag: 'access', auth: 'person', body: userBody, status: 201 },
  'POST /access/v1/users/{username}/roles': { summary: 'Assign a role', tag: 'access', auth: 'person', body: roleBody, status: 204 },
  'DELETE /access/v1/users/{username}/roles': { summary: 'Revoke a role', tag: 'access', auth: 'person', body: roleBody, status: 204 },
  'GET /audit/v1/events': { summary: 'Audit log, newest first (calm-keys Administrator)', tag: 'audit', auth: 'person', query: auditQuery },

  'POST /oauth/token': { summary: 'Token endpoint (client_credentials; client_secret_post, client_secret_basic; RFC 6749 errors)', tag: 'oauth', auth: 'client', body: 'form' },
  'GET /oauth/token': { summary: 'Refused: the token endpoint takes POST only (RFC 6749 error)', tag: 'oauth', auth: 'none', status: 405 },
  'GET /token_keys': { summary: 'JWKS of the published signing keys (?zid= of a known zone)', tag: 'oauth', auth: 'none' },
  'GET /.well-known/openid-configuration': { summary: 'OpenID metadata', tag: 'oauth', auth: 'none' },
  'GET /oauth/token/.well-known/openid-configuration': { summary: 'OpenID metadata (XSUAA path)', tag: 'oauth', auth: 'none' },
  'GET /xsuaa/v1/signing-keys': { summary: 'Signing keys and their state (calm-keys Administrator)', tag: 'oauth', auth: 'person' },
  'POST /xsuaa/v1/signing-keys/rotate': { summary: 'Rotate the signing key (calm-keys Administrator)', tag: 'oauth', auth: 'person', body: rotateBody, status: 201 },

  'POST /btp/v1/global_accounts': { summary: 'Create a global account (calm-keys Administrator)', tag: 'btp', auth: 'person', body: globalAccountBody, status: 201 },
  'GET /btp/v1/global_accounts': { summary: 'Global accounts you administer', tag: 'btp', auth: 'person' },
  'POST /btp/v1/subaccounts': { summary: 'Create a subaccount with its identity zone', tag: 'btp', auth: 'person', body: subaccountBody, status: 201 },
  'GET /btp/v1/subaccounts': { summary: 'Subaccounts you administer', tag: 'btp', auth: 'person' },
  'GET /btp/v1/subaccounts/{id}': { summary: 'A subaccount', tag: 'btp', auth: 'person' },
  'POST /btp/v1/subaccounts/{id}/cloud_alm': { summary: 'Subscribe to SAP Cloud ALM: the tenant, provisioned on a date', tag: 'btp', auth: 'person', body: subscribeBody, status: 201 },
  'POST /btp/v1/service_instances': { summary: 'Create an "SAP Cloud ALM API" instance', tag: 'btp', auth: 'person', body: instanceBody, status: 201 },
  'GET /btp/v1/service_instances': { summary: 'Instances you administer', tag: 'btp', auth: 'person' },
  'GET /btp/v1/service_instances/{id}': { summary: 'An instance', tag: 'btp', auth: 'person' },
  'DELETE /btp/v1/service_instances/{id}': { summary: 'Delete an instance and its bindings', tag: 'btp', auth: 'person', status: 204 },
  'POST /btp/v1/service_bindings': { summary: 'Create a binding (service key) with its credentials', tag: 'btp', auth: 'person', body: bindingBody, status: 201 },
  'GET /btp/v1/service_bindings': { summary: 'Bindings you administer (no credentials)', tag: 'btp', auth: 'person' },
  'GET /btp/v1/service_bindings/{id}': { summary: 'A binding with its credentials (audited)', tag: 'btp', auth: 'person' },
  'GET /btp/v1/service_bindings/{id}/key': { summary: 'Download the service key file (or the cf v8 form)', tag: 'btp', auth: 'person', query: keyQuery },
  'DELETE /btp/v1/service_bindings/{id}': { summary: 'Delete a binding: its credential stops working at once', tag: 'btp', auth: 'person', status: 204 },

  'GET /lm/v1/tenants': { summary: 'Tenants in which you hold a Landscape Management role', tag: 'landscape', auth: 'person' },
  [`GET ${tenantKey}`]: { summary: 'The SAP Cloud ALM Service Key slot: masked key, status, allowed actions', tag: 'landscape', auth: 'person' },
  [`POST ${tenantKey}`]: { summary: 'Upload a key (multipart field "file" or raw body; format check F1-F5)', tag: 'landscape', auth: 'person', body: 'file', query: uploadQuery, status: 201 },
  [`DELETE ${tenantKey}`]: { summary: 'Delete this copy (the BTP binding stays); with keyId only if the slot still holds that key', tag: 'landscape', auth: 'person', query: deleteQuery, status: 204 },
  [`POST ${tenantKey}/reveal`]: { summary: 'The key with its secret (Security Administrator, audited)', tag: 'landscape', auth: 'person' },
  [`GET ${tenantKey}/download`]: { summary: 'Download the key as uploaded (TXT)', tag: 'landscape', auth: 'person' },
  [`POST ${tenantKey}/test`]: { summary: 'Test Service Key; stores the status', tag: 'landscape', auth: 'person' },
  'GET /lm/v1/tenants/{tenantId}/managed-objects': { summary: 'Managed services and systems with observed use', tag: 'landscape', auth: 'person' },
  'POST /lm/v1/tenants/{tenantId}/managed-objects': { summary: 'Create a managed service or system', tag: 'landscape', auth: 'person', body: createBody, status: 201 },
  'POST /lm/v1/tenants/{tenantId}/managed-objects/{id}/monitoring': { summary: 'Enable or disable monitoring', tag: 'landscape', auth: 'person', body: monitoringBody },
  'GET /lm/v1/tenants/{tenantId}/managed-objects/{id}/metrics': { summary: 'Metrics pushed for a managed object (for people; the chart)', tag: 'landscape', auth: 'person', query: metricsQuery },

  'POST /api/calm-metrics/v1/metrics': { summary: 'Push OTLP/HTTP JSON metrics (scope calm-api.metrics.write)', tag: 'cloud-alm-api', auth: 'bearer', body: 'otlp', query: pushQuery },
  'GET /api/calm-metrics/v1/metrics': { summary: 'Read metrics (scope calm-api.metrics.read)', tag: 'cloud-alm-api', auth: 'bearer', query: readQuery },
  'POST /api/calm-logs/v1/logs': { summary: 'Push OTLP/HTTP JSON logs (scope calm-api.logs.write)', tag: 'cloud-alm-api', auth: 'bearer', body: 'otlp', query: pushQuery },
  'GET /api/calm-logs/v1/logs': { summary: 'Read logs (scope calm-api.logs.read)', tag: 'cloud-alm-api', auth: 'bearer', query: readQuery },
  'POST /api/landscape-management/v1/Registration': { summary: 'Register an ABAP system; returns its LMS ID (scope calm-api.landscape.write)', tag: 'cloud-alm-api', auth: 'bearer', body: 'otlp' },
};

const SECURITY: Record<Auth, unknown[]> = {
  none: [],
  person: [{ session: [] }, { apiToken: [] }],
  bearer: [{ serviceKeyToken: [] }],
  client: [{ clientBasic: [] }, {}],
};

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' });

function requestBody(body: RouteDoc['body']): unknown {
  if (body === undefined) return undefined;
  if (body === 'form') return { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { grant_type: { const: 'client_credentials' }, client_id: { type: 'string' }, client_secret: { type: 'string' }, scope: { type: 'string' } }, required: ['grant_type'] } } } };
  if (body === 'file') return { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } }, 'text/plain': { schema: { type: 'string' } } } };
  if (body === 'otlp') return { required: true, content: { 'application/json': { schema: { type: 'object' } } } };
  return { required: true, content: { 'application/json': { schema: jsonSchema(body) } } };
}

function parameters(path: string, query: z.ZodType | undefined): unknown[] {
  const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (!query) return inPath;
  const schema = jsonSchema(query) as { properties?: Record<string, unknown>; required?: string[] };
  const inQuery = Object.entries(schema.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: (schema.required ?? []).includes(name), schema: s }));
  return [...inPath, ...inQuery];
}

export function buildOpenApiDocument(version: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, doc] of Object.entries(ROUTE_DOCS)) {
    const [method, path] = key.split(' ') as [string, string];
    const status = String(doc.status ?? 200);
    paths[path] ??= {};
    paths[path][method.toLowerCase()] = {
      summary: doc.summary,
      tags: [doc.tag],
      security: SECURITY[doc.auth],
      parameters: parameters(path, doc.query),
      ...(doc.body === undefined ? {} : { requestBody: requestBody(doc.body) }),
      responses: {
        [status]: { description: 'Success' },
        '4XX': { description: 'Refused: {"error":{"code","message","details":[{"path","rule","message"}],"requestId"}} (the token endpoint answers RFC 6749 bodies)' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'calm-keys', version, description: 'SAP Cloud ALM service-key lifecycle: BTP control plane, XSUAA-compatible token server, Landscape Management, Cloud ALM API.' },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'calm_keys_session' },
        apiToken: { type: 'http', scheme: 'bearer', description: 'Personal API token ckpat_...' },
        serviceKeyToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from a service key (client credentials)' },
        clientBasic: { type: 'http', scheme: 'basic', description: 'OAuth client id and secret' },
      },
    },
    paths,
  };
}

/** `/lm/v1/tenants/:tenantId` -> `/lm/v1/tenants/{tenantId}` */
export function openApiPath(fastifyPath: string): string {
  return fastifyPath.replace(/:(\w+)/g, '{$1}');
}
