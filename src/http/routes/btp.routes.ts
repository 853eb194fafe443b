/**
 * The BTP control plane REST API, shaped after SAP Service Manager (`/v1/service_instances`,
 * `/v1/service_bindings` with `credentials` in the binding) plus account endpoints. SAP's documented rate
 * limits are emulated per caller (429 with Retry-After).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Btp } from '../../btp/index.js';
import { createWindowCounter, DomainError } from '../../shared/index.js';
import { requireActor } from '../auth.js';
import { parseInput } from '../validation.js';

const idParams = z.object({ id: z.string().min(1).max(100) });
export const globalAccountBody = z.object({ name: z.string().min(1).max(100) });
export const subaccountBody = z.object({ globalAccountId: z.string().min(1).max(100), name: z.string().min(1).max(100), subdomain: z.string().min(1).max(63), region: z.string().min(1).max(20) });
export const subscribeBody = z.object({ provisionedOn: z.string().max(10).optional() });
export const instanceBody = z.object({
  name: z.string().min(1).max(100),
  subaccount_id: z.string().min(1).max(100),
  service_offering_name: z.literal('SAPCloudALMAPIs').optional(),
  service_plan_name: z.literal('standard').optional(),
  parameters: z.unknown().optional(),
});
export const bindingBody = z
  .object({
    name: z.string().min(1).max(100),
    service_instance_id: z.string().min(1).max(100).optional(),
    service_instance_name: z.string().min(1).max(100).optional(),
    parameters: z.unknown().optional(),
  })
  .refine((b) => b.service_instance_id !== undefined || b.service_instance_name !== undefined, { message: 'give service_instance_id or service_instance_name', path: ['service_instance_id'] });
export const keyQuery = z.object({ format: z.enum(['key', 'cf']).optional() });

const list = <T>(items: T[]) => ({ num_items: items.length, items });

/** SAP Service Manager: 1000 requests/min overall, 600/min on bindings, 50 instance creations/min. */
function rateLimits() {
  const limits = { all: createWindowCounter({ limit: 1000, windowMs: 60_000 }), bindings: createWindowCounter({ limit: 600, windowMs: 60_000 }), createInstance: createWindowCounter({ limit: 50, windowMs: 60_000 }) };
  return (request: FastifyRequest, who: string) => {
    const applicable = [limits.all];
    if (request.url.startsWith('/btp/v1/service_bindings')) applicable.push(limits.bindings);
    if (request.method === 'POST' && request.url.startsWith('/btp/v1/service_instances')) applicable.push(limits.createInstance);
    const wait = Math.max(...applicable.map((l) => l.retryAfter(who)));
    if (wait > 0) throw new DomainError('rate_limited', 'btp.rate_limited', `Too many requests; SAP Service Manager's limits apply. Retry in ${wait} s.`, { retryAfterSeconds: wait });
    for (const l of applicable) l.record(who);
  };
}

export function registerBtpRoutes(app: FastifyInstance, deps: { btp: Btp }): void {
  const { accounts, instances } = deps.btp;
  const limit = rateLimits();
  app.addHook('preHandler', async (request) => {
    if (request.url.startsWith('/btp/v1/') && request.actor) limit(request, request.actor.userId);
  });

  app.post('/btp/v1/global_accounts', async (request, reply) => reply.status(201).send(await accounts.createGlobalAccount(requireActor(request), parseInput(globalAccountBody, request.body))));
  app.get('/btp/v1/global_accounts', async (request) => list(await accounts.listGlobalAccounts(requireActor(request))));

  app.post('/btp/v1/subaccounts', async (request, reply) => reply.status(201).send(await accounts.createSubaccount(requireActor(request), parseInput(subaccountBody, request.body))));
  app.get('/btp/v1/subaccounts', async (request) => list(await accounts.listSubaccounts(requireActor(request))));
  app.get('/btp/v1/subaccounts/:id', async (request) => accounts.getSubaccount(requireActor(request), parseInput(idParams, request.params, 'params').id));
  app.post('/btp/v1/subaccounts/:id/cloud_alm', async (request, reply) => {
    const { id } = parseInput(idParams, request.params, 'params');
    const { provisionedOn } = parseInput(subscribeBody, request.body ?? {});
    return reply.status(201).send(await accounts.subscribeCloudAlm(requireActor(request), { subaccountId: id, ...(provisionedOn ? { provisionedOn } : {}) }));
  });

  app.post('/btp/v1/service_instances', async (request, reply) => {
    const body = parseInput(instanceBody, request.body);
    return reply.status(201).send(await instances.createInstance(requireActor(request), { subaccountId: body.subaccount_id, name: body.name, parameters: body.parameters }));
  });
  app.get('/btp/v1/service_instances', async (request) => list(await instances.listInstances(requireActor(request))));
  app.get('/btp/v1/service_instances/:id', async (request) => instances.getInstance(requireActor(request), parseInput(idParams, request.params, 'params').id));
  app.delete('/btp/v1/service_instances/:id', async (request, reply) => {
    await instances.deleteInstance(requireActor(request), parseInput(idParams, request.params, 'params').id);
    return reply.status(204).send();
  });

  app.post('/btp/v1/service_bindings', async (request, reply) => {
    const actor = requireActor(request);
    const body = parseInput(bindingBody, request.body);
    const instanceId = body.service_instance_id ?? (await instances.findInstanceByName(actor, body.service_instance_name!)).id;
    void reply.header('Cache-Control', 'no-store');
    return reply.status(201).send(await instances.createBinding(actor, { instanceId, name: body.name, parameters: body.parameters }));
  });
  app.get('/btp/v1/service_bindings', async (request) => list(await instances.listBindings(requireActor(request))));
  app.get('/btp/v1/service_bindings/:id', async (request, reply) => {
    void reply.header('Cache-Control', 'no-store');
    return instances.getBinding(requireActor(request), parseInput(idParams, request.params, 'params').id);
  });
  /** Download: the service-key JSON as a file; `?format=cf` wraps it like `cf service-key` (v8) prints it. */
  app.get('/btp/v1/service_bindings/:id/key', async (request, reply) => {
    const { id } = parseInput(idParams, request.params, 'params');
    const { format } = parseInput(keyQuery, request.query, 'query');
    const binding = await instances.getBinding(requireActor(request), id, format ?? 'key');
    const body = format === 'cf' ? { credentials: binding.credentials } : binding.credentials;
    const safeName = binding.name.replace(/[^A-Za-z0-9._-]/g, '_');
    return reply
      .header('Cache-Control', 'no-store')
      .header('Content-Type', 'application/json; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${safeName}.json"`)
      .send(`${JSON.stringify(body, null, 2)}\n`);
  });
  app.delete('/btp/v1/service_bindings/:id', async (request, reply) => {
    await instances.deleteBinding(requireActor(request), parseInput(idParams, request.params, 'params').id);
    return reply.status(204).send();
  });
}
