/**
 * One declaration per route: method, path, summary, tag, auth, params, query, body, responses and the error
 * codes it can answer, with its handler. `registerRoutes` (register.ts) hands it to fastify and
 * `buildOpenApiDocument` (openapi.ts) describes it, so the document and the routes never disagree.
 */
import type { FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../../access/index.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/**
 * person: session cookie or personal API token; bearer: a JWT from a service key; client: OAuth client
 * authentication; person-or-bearer: either a person or a bearer JWT, told apart by the route's `before`
 * (the Service Manager API, which people and service-manager keys both call).
 */
export type Auth = 'none' | 'person' | 'bearer' | 'client' | 'person-or-bearer';
export type Tag =
  'health' | 'auth' | 'access' | 'audit' | 'oauth' | 'btp' | 'landscape' | 'cloud-alm-api' | 'clock' | 'faults';

/** A body the route reads itself (a file, a form, OTLP): described per media type, not parsed by zod. */
export interface RawBody {
  readonly raw: true;
  /** Media type -> schema of what it carries (documentation; the handler or service checks it). */
  readonly content: Readonly<Record<string, z.ZodType>>;
  readonly description?: string;
}

export interface ResponseSpec {
  readonly description: string;
  /** Absent: the answer has no body. */
  readonly schema?: z.ZodType;
  /** Default application/json; a JSON schema under another type (a file) is documented, not checked. */
  readonly contentType?: string;
  /**
   * Other media types the same answer can come in, chosen by the request (a `format` parameter, the request's
   * own encoding): media type -> its schema. A JSON one is checked like `schema`; others are documented only.
   */
  readonly alternatives?: Readonly<Record<string, z.ZodType>>;
}

/** HTTP status -> the error codes the route can answer with it (the body is always the shared ErrorBody). */
export type ErrorCodes = Readonly<
  Partial<Record<400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 428 | 429 | 500 | 502 | 503, readonly string[]>>
>;

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<P, Q, B, A> {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly params: Out<P>;
  readonly query: Out<Q>;
  /** The parsed JSON body; a raw body as fastify's parser left it (Buffer, URLSearchParams, parsed OTLP JSON). */
  readonly body: B extends RawBody ? unknown : Out<B>;
  /** The signed-in person (auth 'person' only; requireActor ran before parsing). */
  readonly actor: Actor;
  /** What `before` returned (e.g. the Cloud ALM API principal). */
  readonly auth: A;
}

export interface RouteDef<P = undefined, Q = undefined, B = undefined, A = undefined> {
  readonly method: HttpMethod;
  /** OpenAPI form: `/btp/v1/subaccounts/{id}`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: Tag;
  readonly auth: Auth;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Whether the body may be left out (a JSON body is then parsed as `{}`, a raw one is undefined); default: required. */
  readonly bodyOptional?: boolean;
  /** Status -> answer. Error statuses belong in `errors`. */
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  readonly errors: ErrorCodes;
  /**
   * rfc6749: errors are `{"error","error_description"}` (OAuth clients read only that); `errors` lists the
   * `error` values. service-manager: errors are SAP Service Manager's `{"error","description"}` with our code
   * in `code` (http/routes/sm/sm-errors.ts); `errors` lists the codes, as for our own envelope.
   */
  readonly errorFormat?: 'rfc6749' | 'service-manager';
  /**
   * Runs after the person check and before params, query and body are parsed: authentication or authorization
   * that must answer first (401/403 before 400). Its result is `auth` in the handler.
   */
  readonly before?: (request: FastifyRequest) => A | Promise<A>;
  /** Route options passed to fastify as they are (body limit, error handler, onRequest). */
  readonly fastify?: Pick<RouteShorthandOptions, 'bodyLimit' | 'errorHandler' | 'onRequest'>;
  readonly handler: (context: RouteContext<P, Q, B, A>) => unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDef<any, any, any, any>;

/** Declares a route; the type parameters come from the schemas, so the handler's params, query and body are typed. */
export function defineRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | RawBody | undefined = undefined,
  A = undefined,
>(route: RouteDef<P, Q, B, A>): RouteDef<P, Q, B, A> {
  return route;
}

/** A `before` that needs these OAuth scopes (all of them): the OpenAPI document lists them in the operation's security. */
export type ScopedBefore<F> = F & { readonly scopes: readonly string[] };

/** Marks a `before` with the scopes it requires (the bearer check of the Cloud ALM API: http/routes/alm-api/kit.ts). */
export function withScopes<F extends (request: FastifyRequest) => unknown>(
  before: F,
  scopes: readonly string[],
): ScopedBefore<F> {
  return Object.assign(before, { scopes });
}

/** The scopes a route's `before` was marked with, if any. */
export function scopesOf(route: { readonly before?: unknown }): readonly string[] | undefined {
  const scopes = (route.before as { scopes?: unknown } | undefined)?.scopes;
  return Array.isArray(scopes) ? (scopes as string[]) : undefined;
}

/** Shorthands for responses. */
export const json = (description: string, schema: z.ZodType): ResponseSpec => ({ description, schema });
export const noContent = (description: string): ResponseSpec => ({ description });

export const isRawBody = (body: unknown): body is RawBody =>
  typeof body === 'object' && body !== null && (body as RawBody).raw === true;

/** `/lm/v1/tenants/{tenantId}` -> `/lm/v1/tenants/:tenantId` */
export const fastifyPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');
/** `/lm/v1/tenants/:tenantId` -> `/lm/v1/tenants/{tenantId}` */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
