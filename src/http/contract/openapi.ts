/**
 * The OpenAPI 3.1 document, built from the route declarations that fastify registered (route.ts). zod 4
 * converts each schema to JSON Schema; schemas named with `.meta({ id })` become `components.schemas` and
 * are referenced, so generated client types get their names (SmServiceInstance, ErrorBody, ...).
 */
import { z } from 'zod';
import { allErrors, errorBodySchema, oauthErrorSchema, serviceManagerErrorSchema } from './error-body.js';
import { isRawBody, scopesOf, type AnyRoute, type Auth } from './route.js';

type Json = Record<string, unknown>;

const SECURITY: Record<Auth, unknown[]> = {
  none: [],
  person: [{ session: [] }, { apiToken: [] }],
  bearer: [{ serviceKeyToken: [] }],
  client: [{ clientBasic: [] }, {}],
  'person-or-bearer': [{ session: [] }, { apiToken: [] }, { serviceKeyToken: [] }],
};

const REASON: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Unprocessable',
  428: 'Precondition required',
  429: 'Too many requests',
  500: 'Internal error',
  502: 'Bad gateway',
  503: 'Unavailable',
};

/** Collects named schemas into `components.schemas` and rewrites zod's `#/$defs/` references to them. */
class Components {
  readonly schemas: Record<string, unknown> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): Json {
    const converted = z.toJSONSchema(schema, { unrepresentable: 'any', io }) as Json;
    const { $defs, $schema: _ignored, ...rest } = converted as Json & { $defs?: Record<string, unknown> };
    for (const [id, def] of Object.entries($defs ?? {})) {
      // input and output forms of one named schema differ (defaults, coercion): the input form gets its own name
      this.schemas[io === 'input' && this.isOutputName(id) ? `${id}Input` : id] = this.rewrite(def, io);
    }
    return this.rewrite(rest, io) as Json;
  }

  private readonly outputNames = new Set<string>();
  private isOutputName(id: string): boolean {
    return this.outputNames.has(id);
  }

  markOutput(ids: Iterable<string>): void {
    for (const id of ids) this.outputNames.add(id);
  }

  private rewrite(value: unknown, io: 'input' | 'output'): unknown {
    if (Array.isArray(value)) return value.map((v) => this.rewrite(v, io));
    if (value === null || typeof value !== 'object') return value;
    const out: Json = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
        const id = v.slice('#/$defs/'.length);
        out[key] = `#/components/schemas/${io === 'input' && this.isOutputName(id) ? `${id}Input` : id}`;
      } else out[key] = this.rewrite(v, io);
    }
    return out;
  }
}

function errorResponses(route: AnyRoute, components: Components): Json {
  const oauth = route.errorFormat === 'rfc6749';
  const sm = route.errorFormat === 'service-manager';
  const errorRef = components.convert(
    oauth ? oauthErrorSchema : sm ? serviceManagerErrorSchema : errorBodySchema,
    'output',
  );
  const out: Json = {};
  for (const [status, list] of allErrors(route)) {
    out[String(status)] = {
      description: `${REASON[status] ?? 'Refused'}${list.length > 0 ? `: ${oauth ? 'error' : sm ? 'code' : 'error.code'} is one of ${list.join(', ')}` : ''}`,
      content: { 'application/json': { schema: errorRef } },
      'x-error-codes': list,
    };
  }
  return out;
}

function parameters(route: AnyRoute, components: Components): unknown[] {
  const of = (schema: z.ZodType | undefined, where: 'path' | 'query') => {
    if (!schema) return [];
    const json = components.convert(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
    return Object.entries(json.properties ?? {}).map(([name, s]) => {
      const { description, ...rest } = s;
      return {
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: rest,
        ...(description ? { description } : {}),
      };
    });
  };
  const inPath = of(route.params, 'path');
  const declared = new Set(inPath.map((p) => p.name));
  // a path parameter the route does not parse is still a parameter
  const undeclared = [...route.path.matchAll(/\{(\w+)\}/g)]
    .filter((m) => !declared.has(m[1]!))
    .map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  return [...inPath, ...undeclared, ...of(route.query, 'query')];
}

function requestBody(route: AnyRoute, components: Components): Json | undefined {
  if (route.body === undefined) return undefined;
  if (isRawBody(route.body)) {
    const content = Object.fromEntries(
      Object.entries(route.body.content).map(([type, schema]) => [
        type,
        { schema: components.convert(schema, 'input') },
      ]),
    );
    return {
      required: route.bodyOptional !== true,
      content,
      ...(route.body.description ? { description: route.body.description } : {}),
    };
  }
  return {
    required: route.bodyOptional !== true,
    content: { 'application/json': { schema: components.convert(route.body, 'input') } },
  };
}

function operation(route: AnyRoute, components: Components): Json {
  const responses: Json = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    responses[status] = {
      description: spec.description,
      ...(spec.schema
        ? {
            content: {
              [spec.contentType ?? 'application/json']: { schema: components.convert(spec.schema, 'output') },
              ...Object.fromEntries(
                Object.entries(spec.alternatives ?? {}).map(([type, schema]) => [
                  type,
                  { schema: components.convert(schema, 'output') },
                ]),
              ),
            },
          }
        : {}),
    };
  }
  const body = requestBody(route, components);
  return {
    operationId: operationId(route),
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: security(route),
    parameters: parameters(route, components),
    ...(body ? { requestBody: body } : {}),
    responses: { ...responses, ...errorResponses(route, components) },
  };
}

/**
 * The operation's security requirements; a bearer route whose `before` names its scopes lists them (OpenAPI 3.1
 * allows role names for http schemes), so a client reads from the document which scopes its key needs.
 */
function security(route: AnyRoute): unknown[] {
  const scopes = scopesOf(route);
  if (!scopes || route.auth !== 'bearer') return SECURITY[route.auth];
  return [{ serviceKeyToken: [...scopes] }];
}

/** `GET /v1/service_instances/{id}/parameters` -> `getV1ServiceInstancesIdParameters`: stable, unique, readable. */
export function operationId(route: AnyRoute): string {
  const words = route.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return [route.method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}

export function buildOpenApiDocument(version: string, routes: readonly AnyRoute[]): Json {
  const components = new Components();
  // first the answers, so that an input form of a named schema is told apart from its output form
  for (const route of routes)
    for (const spec of Object.values(route.responses)) {
      if (spec.schema) components.convert(spec.schema, 'output');
      for (const schema of Object.values(spec.alternatives ?? {})) components.convert(schema, 'output');
    }
  components.markOutput(Object.keys(components.schemas));
  const paths: Record<string, Json> = {};
  for (const route of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route, components);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'calm-keys',
      version,
      description:
        'SAP Cloud ALM service-key lifecycle: BTP control plane, XSUAA-compatible token server, Landscape Management, Cloud ALM API. The interactive reference is at /reference.',
    },
    tags: [
      { name: 'health' },
      { name: 'auth', description: 'Sign-in and personal API tokens' },
      { name: 'access', description: 'Users and roles' },
      { name: 'audit' },
      { name: 'oauth', description: 'XSUAA-compatible token server (RFC 6749)' },
      { name: 'btp', description: 'BTP control plane, after SAP Service Manager' },
      { name: 'landscape', description: 'Landscape Management: the service-key slot and managed objects' },
      { name: 'cloud-alm-api', description: 'The Cloud ALM API (bearer JWT of a service key)' },
      { name: 'clock', description: 'The development clock for tests (serve --dev-clock; calm-keys Administrator)' },
      { name: 'faults', description: 'Fault injection for tests (calm-keys Administrator)' },
    ],
    components: {
      schemas: Object.fromEntries(Object.entries(components.schemas).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'calm_keys_session' },
        apiToken: { type: 'http', scheme: 'bearer', description: 'Personal API token ckpat_...' },
        serviceKeyToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Access token from a service key (client credentials)',
        },
        clientBasic: { type: 'http', scheme: 'basic', description: 'OAuth client id and secret' },
      },
    },
    paths,
  };
}
