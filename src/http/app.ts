/**
 * The fastify application: one origin for every surface (docs/ARCHITECTURE.md §1). Built without listening,
 * so tests can use `inject` or listen on port 0.
 */
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import type { AccessService } from '../access/index.js';
import type { Db } from '../store/index.js';
import { installAuthentication } from './auth.js';
import { installInputGuard } from './input-guard.js';
import { installHsts } from './hsts.js';
import { installRequestScope } from './request-scope.js';
import { OneLinePerRequest } from './request-log.js';
import { DEFAULT_LISTENER_LIMITS, guardListener, serverTimeoutOptions, type ListenerLimits } from './listener-guard.js';
import { replyWithError } from './errors.js';
import { registerAuditRoutes } from './routes/audit.routes.js';
import { registerAuthRoutes } from './routes/auth.routes.js';
import { sharedLoginFailures } from './login-throttle.js';
import { registerHealthRoutes } from './routes/health.routes.js';
import { registerUserRoutes } from './routes/users.routes.js';
import { newId } from '../crypto/index.js';
import { clientErrorHandler } from './client-error.js';
import {
  installFormParser,
  registerOAuthRoutes,
  registerTokenEndpoint,
  type OAuthRouteDeps,
} from './routes/oauth.routes.js';
import { registerSigningKeyRoutes } from './routes/signing-keys.routes.js';
import { registerBtpRoutes } from './routes/btp.routes.js';
import type { Btp, SmService } from '../btp/index.js';
import { registerServiceManagerRoutes, type SmBearerAuth } from './routes/sm/index.js';
import type { ClientCallSink, Landscape } from '../landscape/index.js';
import { registerLandscapeRoutes } from './routes/lm.routes.js';
import type { AlmApi } from '../alm-api/index.js';
import { registerAlmApiRoutes } from './routes/alm-api/index.js';
import { registerManagedObjectRoutes } from './routes/lm-objects.routes.js';
import { registerKeyRotationRoutes } from './routes/lm-rotation.routes.js';
import { registerProjectReadRoutes } from './routes/lm-projects.routes.js';
import type { Projects } from '../projects/index.js';
import { registerStatusEventRoutes } from './routes/lm-status-events.routes.js';
import { registerWebhookRoutes } from './routes/lm-webhooks.routes.js';
import { registerDevClockRoutes } from './routes/dev-clock.routes.js';
import type { DevClock } from '../dev-clock/index.js';
import type { Webhooks } from '../webhooks/index.js';
import type { Faults } from '../faults/index.js';
import { installFaultInjection } from './fault-injection.js';
import { registerFaultRoutes } from './routes/faults.routes.js';
import type { ServiceStatus } from '../service-status/index.js';
import { registerOpenApi } from './routes/openapi.routes.js';
import { installResponseCheck } from './contract/response-check.js';
import { isUiPageRequest, registerWebUi } from './web-ui.js';
import { HTTP_ERRORS } from './error-codes.js';
import { isServiceManagerPath, sendSmError, serviceManagerErrorHandler } from './routes/sm/sm-errors.js';

export interface AppDeps {
  readonly logger: Logger;
  readonly db: Db;
  readonly access: AccessService;
  readonly databaseReady: () => Promise<boolean>;
  /** True once the start is complete (`/readyz` answers 503 before). */
  readonly started: () => boolean;
  readonly version: string;
  readonly oauth: OAuthRouteDeps;
  readonly btp: Btp;
  /** The Service Manager API (`/v1`) and the bearer check of service-manager keys. */
  readonly serviceManager: { readonly sm: SmService; readonly auth: SmBearerAuth };
  readonly landscape: Landscape;
  /** `clientCalls`: counts each authenticated call by client address (landscape's blast radius). */
  readonly almApi: { readonly api: AlmApi; readonly masterXsappname: string; readonly clientCalls?: ClientCallSink };
  /** The Projects and Tasks APIs under /api and their read for people under /lm/v1. */
  readonly projects: Projects;
  readonly serviceStatus: ServiceStatus;
  /** Webhook subscriptions of the slot's events (`/lm/v1/tenants/{tenantId}/webhooks`). */
  readonly webhooks: Webhooks;
  /** The development clock (`/dev/v1/clock`): shown always, moved only on a server started with --dev-clock. */
  readonly devClock: DevClock;
  /** Fault injection (`/faults/v1`) and the hooks that apply the faults; absent: neither (some tests). */
  readonly faults?: Faults;
  /** HTTPS options when serving TLS; absent for plain HTTP. */
  readonly https?: { readonly key: string; readonly cert: string };
  /** The built web UI (web/dist) served at `/`; absent: no UI (the mTLS app, some tests). */
  readonly webRoot?: string;
  /** Request deadline and connections per client address (listener-guard.ts); defaults when absent. */
  readonly listener?: ListenerLimits;
  /** The Strict-Transport-Security value for HTTPS answers (hsts.ts); none when absent or without https. */
  readonly hsts?: string;
  /** SAP Service Manager's overall request limit per caller and minute (CALM_KEYS_SM_REQUESTS_PER_MINUTE); SAP's 1000 when absent. */
  readonly serviceManagerRequestsPerMinute?: number;
}

/** Default body limit; endpoints that take files set their own (service keys: 64 KiB). */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const limits = deps.listener ?? DEFAULT_LISTENER_LIMITS;
  const timeouts = serverTimeoutOptions(limits);
  const options: FastifyServerOptions & { https?: object } = {
    loggerInstance: deps.logger,
    // one line per request, at completion (request-log.ts)
    logController: new OneLinePerRequest(),
    bodyLimit: DEFAULT_BODY_LIMIT,
    genReqId: () => newId(),
    requestIdHeader: false,
    // errors raised before routing (a URL whose percent-encoding does not decode) get our error body too
    frameworkErrors: (error, request, reply) =>
      void (isServiceManagerPath(request.url)
        ? serviceManagerErrorHandler(error, request, reply)
        : replyWithError(error, request, reply)),
    // refused by node's parser before there is a request (a URL or headers too large): our error body too
    clientErrorHandler: clientErrorHandler('rest'),
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.socketIdleTimeoutMs,
    ...(deps.https ? { https: { key: deps.https.key, cert: deps.https.cert, ...timeouts } } : { http: timeouts }),
  };
  const app = Fastify(options) as unknown as FastifyInstance;
  guardListener(app.server, limits, app.log);
  installRequestScope(app);
  if (deps.https) installHsts(app, deps.hsts);
  installResponseCheck(app);
  if (deps.faults) installFaultInjection(app, deps.faults.injector);
  // before any route: a route captures the error handler in force when it is registered, and fastify's default
  // answers our errors 500 (GET /openapi.json?x=%00 did, the input guard's refusal; found by the OpenAPI fuzz)
  // a request under /v1 that matches no route (or fails before routing) still gets SAP's Service Manager error
  // shape: SM clients read `description` (found by the OpenAPI fuzz)
  app.setErrorHandler((error, request, reply) =>
    isServiceManagerPath(request.url)
      ? serviceManagerErrorHandler(error, request, reply)
      : replyWithError(error, request, reply),
  );
  await registerOpenApi(app, deps.version);
  let uiPage: Awaited<ReturnType<typeof registerWebUi>> | undefined;
  app.setNotFoundHandler((request, reply) => {
    // the single-page app's own routes (#/... or a reloaded path) get index.html; API prefixes keep their 404s
    if (uiPage && isUiPageRequest(request)) return uiPage(request, reply);
    if (isServiceManagerPath(request.url))
      return sendSmError(
        reply,
        404,
        HTTP_ERRORS.route_not_found,
        `There is no ${request.method} ${request.url.split('?')[0]}.`,
      );
    return reply.status(404).send({
      error: {
        code: HTTP_ERRORS.route_not_found,
        message: `There is no ${request.method} ${request.url.split('?')[0]}.`,
        details: [],
        requestId: String(request.id),
      },
    });
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', String(request.id));
  });

  await app.register(fastifyCookie);
  // the public URL is what browsers address (issuerBase reads it late: with port 0 it is known after listen)
  installAuthentication(app, deps.access, () => new URL(deps.oauth.issuerBase()).origin);
  installInputGuard(app);

  registerHealthRoutes(app, { databaseReady: deps.databaseReady, started: deps.started, version: deps.version });
  registerAuthRoutes(app, {
    access: deps.access,
    secureCookies: deps.https !== undefined,
    // failed sign-ins count in the database: every process on it shares the budget
    loginFailures: sharedLoginFailures(deps.db, (err) =>
      deps.logger.warn({ err }, 'failed sign-ins count per process: the database did not answer'),
    ),
  });
  registerUserRoutes(app, { access: deps.access });
  registerAuditRoutes(app, { access: deps.access });
  installFormParser(app);
  registerOAuthRoutes(app, deps.oauth);
  registerSigningKeyRoutes(app, { signingKeys: deps.oauth.signingKeys });
  // SAP Service Manager's request limits count in the database: every process on it shares each caller's budget
  const smLimits = {
    db: deps.db,
    ...(deps.serviceManagerRequestsPerMinute === undefined
      ? {}
      : { requestsPerMinute: deps.serviceManagerRequestsPerMinute }),
    onError: (err: unknown) =>
      deps.logger.warn({ err }, "SAP Service Manager's request limits count per process: the database did not answer"),
  };
  registerBtpRoutes(app, { btp: deps.btp, limits: smLimits });
  registerServiceManagerRoutes(app, { ...deps.serviceManager, limits: smLimits });
  await registerLandscapeRoutes(app, { landscape: deps.landscape });
  registerManagedObjectRoutes(app, { landscape: deps.landscape });
  registerKeyRotationRoutes(app, { landscape: deps.landscape });
  registerStatusEventRoutes(app, { serviceStatus: deps.serviceStatus });
  await registerWebhookRoutes(app, { webhooks: deps.webhooks });
  registerDevClockRoutes(app, { devClock: deps.devClock });
  if (deps.faults) registerFaultRoutes(app, { faults: deps.faults.service });
  registerProjectReadRoutes(app, { projects: deps.projects });
  await registerAlmApiRoutes(app, {
    almApi: deps.almApi.api,
    masterXsappname: deps.almApi.masterXsappname,
    projects: deps.projects,
    ...(deps.almApi.clientCalls ? { clientCalls: deps.almApi.clientCalls } : {}),
  });
  if (deps.webRoot !== undefined) uiPage = await registerWebUi(app, { root: deps.webRoot });
  return app;
}

/**
 * The mTLS listener (`uaa.certurl`): only the token endpoint, on HTTPS that asks every client for a
 * certificate issued by the binding CA. A missing or foreign certificate is not refused by TLS but
 * answered with 401 invalid_client, so that clients get an OAuth error they can read.
 */
export async function buildMtlsApp(deps: {
  logger: Logger;
  oauth: Pick<OAuthRouteDeps, 'tokens'>;
  /** The faults of target token apply here too. */
  faults?: Pick<Faults, 'injector'>;
  https: { key: string; cert: string; clientCa: string };
  listener?: ListenerLimits;
  hsts?: string;
}): Promise<FastifyInstance> {
  const limits = deps.listener ?? DEFAULT_LISTENER_LIMITS;
  const app = Fastify({
    loggerInstance: deps.logger,
    logController: new OneLinePerRequest(),
    bodyLimit: 64 * 1024,
    genReqId: () => newId(),
    requestIdHeader: false,
    clientErrorHandler: clientErrorHandler('oauth'),
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.socketIdleTimeoutMs,
    https: {
      key: deps.https.key,
      cert: deps.https.cert,
      ca: deps.https.clientCa,
      requestCert: true,
      rejectUnauthorized: false,
      ...serverTimeoutOptions(limits),
    },
  }) as unknown as FastifyInstance;
  guardListener(app.server, limits, app.log);
  installRequestScope(app);
  installHsts(app, deps.hsts);
  installResponseCheck(app);
  if (deps.faults) installFaultInjection(app, deps.faults.injector);
  app.setErrorHandler((error, request, reply) => replyWithError(error, request, reply));
  installFormParser(app);
  registerTokenEndpoint(app, deps.oauth);
  return app;
}
