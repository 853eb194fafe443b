import type { FastifyInstance } from 'fastify';

export interface HealthDeps {
  /** True when the database answers. */
  readonly databaseReady: () => Promise<boolean>;
  readonly version: string;
}

/** Liveness (`/healthz`: the process serves requests) and readiness (`/readyz`: its dependencies answer). */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  app.get('/healthz', async () => ({ status: 'ok', version: deps.version }));
  app.get('/readyz', async (_request, reply) => {
    const database = await deps.databaseReady();
    return reply.status(database ? 200 : 503).send({ status: database ? 'ready' : 'not_ready', checks: { database: database ? 'ok' : 'unreachable' } });
  });
}
