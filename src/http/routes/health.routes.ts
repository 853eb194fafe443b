import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json } from '../contract/route.js';

export interface HealthDeps {
  /** True when the database answers. */
  readonly databaseReady: () => Promise<boolean>;
  /** True once the start is complete (administrator and demo landscape created): before, a sign-in could fail. */
  readonly started: () => boolean;
  readonly version: string;
}

const livenessSchema = z.strictObject({ status: z.literal('ok'), version: z.string() }).meta({ id: 'Liveness' });
const readinessSchema = z
  .strictObject({
    status: z.enum(['ready', 'not_ready']),
    checks: z.strictObject({ database: z.enum(['ok', 'unreachable']), startup: z.enum(['done', 'pending']) }),
  })
  .meta({ id: 'Readiness' });

/** Liveness (`/healthz`: the process serves requests) and readiness (`/readyz`: its dependencies answer). */
export function healthRoutes(deps: HealthDeps) {
  return [
    defineRoute({
      method: 'GET',
      path: '/healthz',
      summary: 'Liveness',
      tag: 'health',
      auth: 'none',
      responses: { 200: json('The process serves requests', livenessSchema) },
      errors: {},
      handler: () => ({ status: 'ok', version: deps.version }),
    }),
    defineRoute({
      method: 'GET',
      path: '/readyz',
      summary: 'Readiness: the start is complete and the database answers',
      tag: 'health',
      auth: 'none',
      responses: {
        200: json('Ready', readinessSchema),
        503: json('Still starting, or the database does not answer', readinessSchema),
      },
      errors: {},
      handler: async ({ reply }) => {
        const database = await deps.databaseReady();
        const started = deps.started();
        const ready = database && started;
        return reply.status(ready ? 200 : 503).send({
          status: ready ? 'ready' : 'not_ready',
          checks: { database: database ? 'ok' : 'unreachable', startup: started ? 'done' : 'pending' },
        });
      },
    }),
  ];
}

export function registerHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  registerRoutes(app, healthRoutes(deps));
}
