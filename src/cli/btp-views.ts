/**
 * What `calm-keys btp` prints for instances and bindings, and the catalog lookups behind it. The Service
 * Manager API (`/v1`) names a plan by id and keeps the subaccount in `context`; the rows here keep the fields
 * people read and script against (id, name, subaccount_id, service_offering, service_plan, created_at) and add
 * SAP's `ready` and the last operation's `state`. What `/v1` does not carry (an instance's client id,
 * xsappname, authorities, credential types, parameters, origin; a listed binding's credential type) is left
 * out (README, "Output"); a shown binding's credential type and expiry come from its credentials.
 */
import { describeServiceKey } from '../service-key/index.js';
import { BTP_ERRORS } from '../btp/errors.js';
import { invalidInput } from '../shared/index.js';
import { answer, type ApiClient, type Schemas } from './api-client.js';
import { listAll, PAGE_SIZE, type SmBinding, type SmInstance } from './sm-calls.js';

type Offering = Schemas['SmServiceOffering'];
type Plan = Schemas['SmServicePlan'];

export interface Catalog {
  readonly offerings: readonly Offering[];
  readonly plans: readonly Plan[];
}

/** The offerings and plans (a person's are the same in every subaccount; a subaccount given is checked). */
export async function readCatalog(api: ApiClient, subaccountId?: string): Promise<Catalog> {
  const query = (token: string | undefined) => ({
    max_items: PAGE_SIZE,
    ...(token === undefined ? {} : { token }),
    ...(subaccountId === undefined ? {} : { subaccount_id: subaccountId }),
  });
  const [offerings, plans] = await Promise.all([
    listAll((token) => answer(api.GET('/v1/service_offerings', { params: { query: query(token) } }))),
    listAll((token) => answer(api.GET('/v1/service_plans', { params: { query: query(token) } }))),
  ]);
  return { offerings, plans };
}

/** The "SAP Cloud ALM API" offering, the default of `--offering-name` as it was before offerings existed. */
export const DEFAULT_OFFERING = 'SAPCloudALMAPIs';

function unknownPlan(flag: string, message: string) {
  return invalidInput(BTP_ERRORS.unknown_plan, `Unknown plan: ${message}`, [{ path: flag, message: 'unknown plan' }]);
}

/**
 * The plan id of `--plan`, or of `--offering-name` and `--plan-name` (an offering with one plan needs no plan
 * name), by the rules the server applied to them before (btp/plan-resolution.ts), naming the option.
 */
export function planIdOf(
  catalog: Catalog,
  choice: { offeringName?: string | undefined; planName?: string | undefined; planId?: string | undefined },
): string {
  const offeringOf = (plan: Plan) => catalog.offerings.find((o) => o.id === plan.service_offering_id);
  if (choice.planId !== undefined) {
    const plan = catalog.plans.find((p) => p.id === choice.planId);
    if (!plan) throw unknownPlan('--plan', `there is no plan with id "${choice.planId}".`);
    const offering = offeringOf(plan)?.name;
    if (choice.offeringName !== undefined && choice.offeringName !== offering)
      throw unknownPlan('--offering-name', `the plan ${choice.planId} is of "${offering ?? 'another offering'}".`);
    if (choice.planName !== undefined && choice.planName !== plan.name)
      throw unknownPlan('--plan-name', `the plan ${choice.planId} is "${plan.name}".`);
    return plan.id;
  }
  const offeringName = choice.offeringName ?? DEFAULT_OFFERING;
  const offering = catalog.offerings.find((o) => o.name === offeringName);
  if (!offering) {
    const names = catalog.offerings.map((o) => o.name).join(', ');
    throw invalidInput(
      BTP_ERRORS.unknown_offering,
      `There is no offering "${offeringName}" in this subaccount; the offerings are ${names}.`,
      [{ path: '--offering-name', message: `one of ${names}` }],
    );
  }
  const plans = catalog.plans.filter((p) => p.service_offering_id === offering.id);
  const plan =
    choice.planName === undefined && plans.length === 1 ? plans[0] : plans.find((p) => p.name === choice.planName);
  if (!plan)
    throw unknownPlan(
      '--plan-name',
      `"${offering.name}" has the plans ${plans.map((p) => p.name).join(', ')}; name one.`,
    );
  return plan.id;
}

const subaccountOf = (resource: { context: Record<string, string>; labels: Record<string, string[]> }) =>
  resource.context.subaccount_id ?? resource.labels.subaccount_id?.[0] ?? null;

/** SAP's `ready`, and the last operation as one word pair: "create succeeded", "delete in progress". */
const stateOf = (resource: SmInstance | SmBinding) => ({
  ready: resource.ready,
  state: `${resource.last_operation.type} ${resource.last_operation.state}`,
});

/** An instance as `btp create|get|list services/instance` prints it. */
export function instanceRow(instance: SmInstance, catalog: Catalog) {
  const plan = catalog.plans.find((p) => p.id === instance.service_plan_id);
  const offering = plan && catalog.offerings.find((o) => o.id === plan.service_offering_id);
  return {
    id: instance.id,
    name: instance.name,
    subaccount_id: subaccountOf(instance),
    service_offering: offering?.name ?? null,
    service_plan: plan?.name ?? null,
    service_plan_id: instance.service_plan_id,
    ...stateOf(instance),
    labels: instance.labels,
    created_at: instance.created_at,
    updated_at: instance.updated_at,
  };
}

/** A binding as `btp list services/binding` prints it (a list carries no credentials). */
export function bindingRow(binding: SmBinding) {
  return {
    id: binding.id,
    name: binding.name,
    service_instance_id: binding.service_instance_id,
    service_instance_name: binding.service_instance_name,
    subaccount_id: subaccountOf(binding),
    ...stateOf(binding),
    labels: binding.labels,
    created_at: binding.created_at,
    updated_at: binding.updated_at,
  };
}

const text = (record: Record<string, unknown>, field: string) =>
  typeof record[field] === 'string' ? record[field] : undefined;

/**
 * The credential type and, for x509, the certificate's end, read from the key: a Cloud ALM API key names its
 * type (`uaa.credential-type`); a flat service-manager key has a certificate (x509) or a secret, which is the
 * binding's own when it starts with the binding id and `$`, XSUAA's shape, else the instance's.
 */
export function credentialFacts(
  bindingId: string,
  credentials: Record<string, unknown>,
): { credential_type: string; expires_at: string | null } {
  const uaa =
    typeof credentials.uaa === 'object' && credentials.uaa !== null
      ? (credentials.uaa as Record<string, unknown>)
      : credentials;
  const certificate = text(uaa, 'certificate');
  const secret = text(uaa, 'clientsecret');
  const type =
    text(uaa, 'credential-type') ??
    (certificate !== undefined
      ? 'x509'
      : secret === undefined
        ? 'unknown'
        : secret.startsWith(`${bindingId}$`)
          ? 'binding-secret'
          : 'instance-secret');
  const leaf = certificate === undefined ? undefined : describeServiceKey({ uaa: { certificate } }).certificates?.[0];
  return { credential_type: type, expires_at: leaf ? leaf.notAfter.toISOString() : null };
}
