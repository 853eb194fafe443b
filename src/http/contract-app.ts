/**
 * The real app of `buildApp` with services that are never called: registering the routes needs their shape only,
 * so the OpenAPI document (`GET /openapi.json`) can be read in process without a database or a port. Used by
 * `npm run gen:api` (scripts/api-contract.ts) and by the tests of the document.
 */
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from './app.js';
import { MASTER_XSAPPNAME } from '../btp/index.js';

export async function buildContractApp(options: { version: string; issuerBase: string }): Promise<FastifyInstance> {
  const unused = {} as never;
  const deps: AppDeps = {
    logger: pino({ level: 'silent' }),
    db: unused,
    access: unused,
    databaseReady: async () => true,
    started: () => true,
    version: options.version,
    oauth: {
      tokens: unused,
      signingKeys: unused,
      zoneExists: async () => false,
      issuerBase: () => options.issuerBase,
      mtlsBase: () => undefined,
    },
    btp: { accounts: unused, instances: unused } as never,
    serviceManager: { sm: unused, auth: unused },
    landscape: { slot: unused, tests: unused, btpDeletions: unused, managedObjects: unused } as never,
    serviceStatus: { events: unused, reader: unused } as never,
    webhooks: { subscriptions: unused } as never,
    faults: { injector: { any: () => false }, service: unused } as never,
    devClock: unused,
    projects: unused,
    almApi: {
      api: { authenticate: unused, telemetry: unused, registration: unused } as never,
      masterXsappname: MASTER_XSAPPNAME,
    },
  };
  const app = await buildApp(deps);
  await app.ready();
  return app;
}
