/**
 * The answers of the Service Manager API (`/v1`) as zod schemas: SAP's field names (Service Operator
 * `client/sm/types/*.go`, *Get Operation Status* `get-operation-status-3b330bb.md`). The presenters are
 * sm-resources.ts and sm.service.ts.
 */
import { z } from 'zod';

const list = <T extends z.ZodType>(item: T, id: string) =>
  z
    .strictObject({
      token: z.string().optional().describe('Present while more items follow: pass it as ?token= for the next page'),
      num_items: z.number().int().describe('How many items match in all (every page)'),
      items: z.array(item),
    })
    .meta({ id });

export const smLabelsSchema = z.record(z.string(), z.array(z.string())).meta({ id: 'SmLabels' });
export const smErrorItemSchema = z.strictObject({ error: z.string(), description: z.string() });

export const smOperationSchema = z
  .strictObject({
    id: z.string(),
    type: z.enum(['create', 'update', 'delete']),
    state: z.enum(['in progress', 'succeeded', 'failed']),
    description: z.string(),
    resource_id: z.string(),
    resource_type: z.string().describe('/v1/service_instances or /v1/service_bindings'),
    platform_id: z.string(),
    ready: z.boolean(),
    errors: z.array(smErrorItemSchema),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'SmOperation' });

const context = z.record(z.string(), z.string()).describe('platform, subaccount_id, global_account_id, region, ...');

export const smInstanceSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    service_plan_id: z.string(),
    platform_id: z.string(),
    context,
    ready: z.boolean(),
    usable: z.boolean(),
    shared: z.boolean(),
    labels: smLabelsSchema,
    last_operation: smOperationSchema,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'SmServiceInstance' });
export const smInstanceListSchema = list(smInstanceSchema, 'SmServiceInstanceList');
/** `GET /v1/service_instances/{id}/parameters`: the instance's parameters object (sm-parameters.ts). */
export const smInstanceParametersSchema = z
  .record(z.string(), z.unknown())
  .describe(
    'A Cloud ALM API instance: its parameters with xs-security.authorities and oauth2-configuration.credential-types as its client has them; a service-manager instance: {}',
  )
  .meta({ id: 'SmServiceInstanceParameters' });

export const smBindingSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    service_instance_id: z.string(),
    service_instance_name: z.string(),
    platform_id: z.string(),
    context,
    ready: z.boolean(),
    usable: z.boolean(),
    labels: smLabelsSchema,
    last_operation: smOperationSchema,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'SmServiceBinding' });
export const smBindingWithCredentialsSchema = smBindingSchema
  .extend({
    credentials: z
      .record(z.string(), z.unknown())
      .describe(
        'The service key: the Cloud ALM API key ({endpoints, uaa}) or the flat service-manager key (sm_url, ...)',
      ),
  })
  .meta({ id: 'SmServiceBindingWithCredentials' });
/** A service-manager key's list carries the credentials it may read, as SAP's does; a person's carries none. */
export const smBindingListSchema = list(
  z.union([smBindingWithCredentialsSchema, smBindingSchema]),
  'SmServiceBindingList',
);

const catalogCommon = {
  ready: z.boolean(),
  labels: smLabelsSchema,
  data_center: z.string().nullable().describe("cf-<region> of the call's one subaccount; null for several"),
  created_at: z.string(),
  updated_at: z.string(),
};

export const smOfferingSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    bindable: z.boolean(),
    instances_retrievable: z.boolean(),
    bindings_retrievable: z.boolean(),
    plan_updateable: z.boolean(),
    allow_context_updates: z.boolean(),
    tags: z.array(z.string()),
    metadata: z.record(z.string(), z.unknown()),
    broker_id: z.string(),
    catalog_id: z.string(),
    catalog_name: z.string(),
    ...catalogCommon,
  })
  .meta({ id: 'SmServiceOffering' });
export const smOfferingListSchema = list(smOfferingSchema, 'SmServiceOfferingList');

export const smPlanSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    bindable: z.boolean(),
    plan_updateable: z.boolean(),
    free: z.boolean(),
    catalog_id: z.string(),
    catalog_name: z.string(),
    service_offering_id: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    ...catalogCommon,
  })
  .meta({ id: 'SmServicePlan' });
export const smPlanListSchema = list(smPlanSchema, 'SmServicePlanList');

/** No platform is registered with calm-keys: the list is always empty (README). */
export const smPlatformSchema = z
  .strictObject({ id: z.string(), name: z.string(), type: z.string(), created_at: z.string() })
  .meta({ id: 'SmPlatform' });
export const smPlatformListSchema = list(smPlatformSchema, 'SmPlatformList');

/** A synchronous DELETE (200) and every 202 answer `{}` (SAP: DELETE is never 204, which the Service Operator refuses). */
export const smEmptySchema = z.strictObject({}).meta({ id: 'SmEmpty' });
