/**
 * The Cloud ALM API under `/api` (the key's `endpoints.Api`): bearer JWT only, no cookies, no API tokens.
 * 401 and 403 carry an RFC 6750 `WWW-Authenticate: Bearer` challenge (error `invalid_token` or
 * `insufficient_scope` with the scope named). Bodies are OTLP/HTTP JSON, at most 4 MiB (after gzip
 * decompression when sent with `Content-Encoding: gzip`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fullScope, type AlmApi, type ApiScope } from '../../alm-api/index.js';
import { DomainError, isDomainError } from '../../shared/index.js';
import { acceptGzipRequestBodies } from '../content-encoding.js';
import { replyWithError } from '../errors.js';
import { parseInput } from '../validation.js';

export const API_BODY_LIMIT = 4 * 1024 * 1024;

export const pushQuery = z.object({ serviceId: z.string().max(100).optional(), useCase: z.string().max(100).optional(), version: z.string().max(10).optional() });
export const readQuery = z.object({
  serviceId: z.string().max(100).optional(),
  metrics: z.string().max(2000).optional(),
  useCase: z.string().max(100).optional(),
  period: z.string().max(10).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
  version: z.string().max(10).optional(),
  provider: z.string().max(20).optional(),
  format: z.string().max(20).optional(),
});

const quote = (text: string) => text.replace(/["\\]/g, "'");

function challenge(error: unknown, reply: FastifyReply, scopeOf: (request: FastifyRequest) => string | undefined, request: FastifyRequest): void {
  if (!isDomainError(error)) return;
  if (error.kind === 'unauthenticated') {
    const code = error.code === 'alm.token_missing' ? '' : `, error="invalid_token", error_description="${quote(error.message)}"`;
    void reply.header('WWW-Authenticate', `Bearer realm="calm-keys"${code}`);
  } else if (error.kind === 'forbidden' && error.code === 'token.missing_scope') {
    void reply.header('WWW-Authenticate', `Bearer realm="calm-keys", error="insufficient_scope", scope="${scopeOf(request) ?? ''}"`);
  }
}

export async function registerAlmApiRoutes(app: FastifyInstance, deps: { almApi: AlmApi; masterXsappname: string }): Promise<void> {
  const { authenticate, telemetry, registration } = deps.almApi;
  const scopes = new WeakMap<FastifyRequest, string>();
  const principal = (request: FastifyRequest, scope: ApiScope) => {
    scopes.set(request, fullScope(deps.masterXsappname, scope));
    return authenticate(request.headers.authorization, scope);
  };

  await app.register(async (scope) => {
    scope.setErrorHandler((error, request, reply) => {
      challenge(error, reply, (r) => scopes.get(r), request);
      return replyWithError(error, request, reply);
    });
    acceptGzipRequestBodies(scope);
    const limits = { bodyLimit: API_BODY_LIMIT };

    scope.post('/api/calm-metrics/v1/metrics', limits, async (request) => {
      const who = await principal(request, 'metrics.write');
      const { serviceId } = parseInput(pushQuery, request.query, 'query');
      const { accepted } = await telemetry.pushMetrics(who, serviceId, request.body);
      // OTLP/HTTP: an ExportMetricsServiceResponse; nothing was rejected
      return { partialSuccess: {}, acceptedDataPoints: accepted };
    });
    scope.get('/api/calm-metrics/v1/metrics', async (request) => telemetry.readMetrics(await principal(request, 'metrics.read'), parseInput(readQuery, request.query, 'query')));

    scope.post('/api/calm-logs/v1/logs', limits, async (request) => {
      const who = await principal(request, 'logs.write');
      const { serviceId, useCase } = parseInput(pushQuery, request.query, 'query');
      const { accepted } = await telemetry.pushLogs(who, serviceId, useCase, request.body);
      return { partialSuccess: {}, acceptedLogRecords: accepted };
    });
    scope.get('/api/calm-logs/v1/logs', async (request) => telemetry.readLogs(await principal(request, 'logs.read'), parseInput(readQuery, request.query, 'query')));

    scope.post('/api/landscape-management/v1/Registration', async (request) => registration.register(await principal(request, 'landscape.write'), request.body));

    // Authenticate before routing: an unknown path (or method) under /api answers 401 to a caller without a
    // valid token and 404 only after authentication, so that a 404 never reads as "the token was accepted"
    // (the LM Test judges the API by what it answers with and without the token; key-test/README.md).
    const unknown = {
      onRequest: async (request: FastifyRequest) => void (await authenticate(request.headers.authorization)),
      handler: async (request: FastifyRequest) => {
        throw new DomainError('not_found', 'route.not_found', `There is no ${request.method} ${request.url.split('?')[0]}.`);
      },
    };
    scope.all('/api/*', unknown);
  });
}
