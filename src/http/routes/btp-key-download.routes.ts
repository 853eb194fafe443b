/**
 * The one BTP service route outside SAP Service Manager's API: the download of a binding's service key as a
 * file (`/btp/v1/service_bindings/{id}/key`, `?format=cf` for the cf v8 form), which the web UI, the CLI and
 * the tests use. Instances and bindings themselves are the `/v1` API's (sm/). Registered by
 * `registerBtpRoutes` (btp.routes.ts).
 */
import { z } from 'zod';
import { btpViews as views, type Btp } from '../../btp/index.js';
import { defineRoute, json, type AnyRoute } from '../contract/route.js';
import { BTP_ERRORS } from '../../btp/errors.js';
import { auth, idParams, RATE, tag } from './btp-route-parts.js';

export const keyQuery = z.object({ format: z.enum(['key', 'cf']).optional() });

const BINDING_NOT_FOUND = { 404: [BTP_ERRORS.binding_not_found] } as const;

export function btpKeyDownloadRoutes(instances: Btp['instances']): AnyRoute[] {
  return [
    /** Download: the service-key JSON as a file; `?format=cf` wraps it like `cf service-key` (v8) prints it. */
    defineRoute({
      method: 'GET',
      path: '/btp/v1/service_bindings/{id}/key',
      summary: 'Download the service key file (or the cf v8 form)',
      tag,
      auth,
      params: idParams,
      query: keyQuery,
      responses: {
        200: json(
          'The key file (Content-Disposition: attachment); with format=cf, {"credentials": key}',
          z.union([views.serviceKeySchema, views.smServiceKeySchema, views.cfServiceKeySchema]),
        ),
      },
      errors: { ...RATE, ...BINDING_NOT_FOUND },
      handler: async ({ actor, params, query, reply }) => {
        const binding = await instances.getBinding(actor, params.id, query.format ?? 'key');
        const body = query.format === 'cf' ? { credentials: binding.credentials } : binding.credentials;
        const safeName = binding.name.replace(/[^A-Za-z0-9._-]/g, '_');
        return reply
          .header('Cache-Control', 'no-store')
          .header('Content-Type', 'application/json; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="${safeName}.json"`)
          .send(`${JSON.stringify(body, null, 2)}\n`);
      },
    }),
  ];
}
