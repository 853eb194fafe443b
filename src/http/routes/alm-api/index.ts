/**
 * The Cloud ALM API under `/api` (the key's `endpoints.Api`): bearer JWT only, no cookies, no API tokens.
 * 401 and 403 carry an RFC 6750 `WWW-Authenticate: Bearer` challenge (error `invalid_token` or
 * `insufficient_scope` with the scopes named). Bodies are at most 4 MiB (after gzip decompression when sent with
 * `Content-Encoding: gzip`). Each area of the API is one route group (a file of this folder), listed in GROUPS.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fullScope, type AlmApi, type ApiScope } from '../../../alm-api/index.js';
import { ALM_ERRORS } from '../../../alm-api/errors.js';
import { DomainError, isDomainError } from '../../../shared/index.js';
import { XSUAA_ERRORS } from '../../../xsuaa/errors.js';
import { acceptGzipRequestBodies } from '../../content-encoding.js';
import { replyWithError } from '../../errors.js';
import { HTTP_ERRORS } from '../../error-codes.js';
import { registerRoutes } from '../../contract/register.js';
import { withScopes, type AnyRoute } from '../../contract/route.js';
import type { Projects } from '../../../projects/index.js';
import { KEY_TEST_MARKER_HEADER, type ClientCallSink } from '../../../landscape/index.js';
import type { AlmRouteKit } from './kit.js';
import { acceptOtlpMediaTypes } from './otlp-media.js';
import { pushRoutes } from './push.routes.js';
import { rawReadRoutes } from './raw-read.routes.js';
import { registrationRoutes } from './registration.routes.js';
import { landscapeRoutes } from './landscape.routes.js';
import { statusEventRoutes } from './status-events.routes.js';
import { projectsRoutes } from './projects.routes.js';
import { tasksRoutes } from './tasks.routes.js';

export { API_BODY_LIMIT } from './kit.js';

/** The route groups of the Cloud ALM API; a new area adds its file here. */
const GROUPS: ReadonlyArray<(kit: AlmRouteKit) => AnyRoute[]> = [
  pushRoutes,
  rawReadRoutes,
  registrationRoutes,
  landscapeRoutes,
  statusEventRoutes,
  projectsRoutes,
  tasksRoutes,
];

const quote = (text: string) => text.replace(/["\\]/g, "'");

function challenge(error: unknown, reply: FastifyReply, scope: string | undefined): void {
  if (!isDomainError(error)) return;
  if (error.kind === 'unauthenticated') {
    const code =
      error.code === ALM_ERRORS.token_missing
        ? ''
        : `, error="invalid_token", error_description="${quote(error.message)}"`;
    void reply.header('WWW-Authenticate', `Bearer realm="calm-keys"${code}`);
  } else if (error.kind === 'forbidden' && error.code === XSUAA_ERRORS.token_missing_scope) {
    void reply.header(
      'WWW-Authenticate',
      `Bearer realm="calm-keys", error="insufficient_scope", scope="${scope ?? ''}"`,
    );
  }
}

export async function registerAlmApiRoutes(
  app: FastifyInstance,
  deps: { almApi: AlmApi; masterXsappname: string; projects: Projects; clientCalls?: ClientCallSink },
): Promise<void> {
  const { authenticate } = deps.almApi;
  // the scopes a request needed, for the RFC 6750 challenge (space-separated, as the `scope` attribute is)
  const scopes = new WeakMap<FastifyRequest, string>();
  const kit: AlmRouteKit = {
    almApi: deps.almApi,
    masterXsappname: deps.masterXsappname,
    projects: deps.projects,
    as: (needed: ApiScope | readonly ApiScope[]) => {
      const list = typeof needed === 'string' ? [needed] : needed;
      const full = list.map((one) => fullScope(deps.masterXsappname, one));
      const joined = full.join(' ');
      // the scopes ride along on the function, for the OpenAPI document's security requirement (contract/route.ts)
      return withScopes((request: FastifyRequest) => {
        scopes.set(request, joined);
        const principal = authenticate(request.headers.authorization, list);
        const calls = deps.clientCalls;
        if (!calls) return principal;
        // counted in memory for the blast radius of the key (landscape/client-calls.ts); no write per request
        return principal.then((p) => {
          const marker = request.headers[KEY_TEST_MARKER_HEADER];
          calls.called('api', p.zoneId, p.clientId, request.ip, Array.isArray(marker) ? marker[0] : marker);
          return p;
        });
      }, full);
    },
  };

  await app.register(async (scope) => {
    scope.setErrorHandler((error, request, reply) => {
      challenge(error, reply, scopes.get(request));
      return replyWithError(error, request, reply);
    });
    acceptGzipRequestBodies(scope);
    acceptOtlpMediaTypes(scope);
    registerRoutes(
      scope,
      GROUPS.flatMap((group) => group(kit)),
    );

    // Authenticate before routing: an unknown path (or method) under /api answers 401 to a caller without a
    // valid token and 404 only after authentication, so that a 404 never reads as "the token was accepted"
    // (the LM Test judges the API by what it answers with and without the token; key-test/README.md).
    const unknown = {
      onRequest: async (request: FastifyRequest) => void (await authenticate(request.headers.authorization)),
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const [path = '', query] = request.url.split('?');
        // a known path with a trailing slash (SAP's kanban4calm posts to /api/calm-tasks/v1/tasks/) is sent on with
        // 307, which keeps the method and the body; only after authentication, like every answer here
        const target = path.replace(/\/+$/, '');
        const found = target !== path ? scope.findRoute({ method: request.method, url: target }) : null;
        if (found && !('*' in found.params)) return reply.redirect(query ? `${target}?${query}` : target, 307);
        throw new DomainError('not_found', HTTP_ERRORS.route_not_found, `There is no ${request.method} ${path}.`);
      },
    };
    scope.all('/api/*', unknown);
  });
}
