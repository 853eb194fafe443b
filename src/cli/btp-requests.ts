/**
 * The REST calls behind `calm-keys btp create <object>` and `btp list <object>`: each request is built, and its
 * options checked, before the server is called. Instances and bindings go to the Service Manager API (`/v1`,
 * `sm-calls.ts`): `--offering-name` and `--plan-name` of SAP's btp CLI (`btp create services/instance
 * --offering-name service-manager --plan-name subaccount-admin`), or `--plan` with a plan id, become the
 * `service_plan_id` SAP's API takes (without them: the "SAP Cloud ALM API" standard plan), and
 * `--instance-name` the `service_instance_id` (looked up with a field query).
 */
import { BTP_ERRORS } from '../btp/errors.js';
import { DomainError, invalidInput } from '../shared/index.js';
import { answer, type ApiClient } from './api-client.js';
import { cockpitName, need, parameters, type Noun, type Options } from './btp-options.js';
import { bindingRow, credentialFacts, instanceRow, planIdOf, readCatalog } from './btp-views.js';
import { CLI_ERRORS } from './errors.js';
import {
  credentialsOf,
  listAll,
  listBindings,
  listInstances,
  literal,
  PAGE_SIZE,
  settled,
  type SmBindingWithCredentials,
  type SmInstance,
  type Waiting,
} from './sm-calls.js';

export interface Created {
  readonly id: string;
  readonly name: string;
  readonly credential_type?: string;
}

/** The one instance `--instance-name` names, in `--subaccount` when given (404 none, 400 several). */
export async function instanceByName(api: ApiClient, name: string, subaccountId?: string): Promise<SmInstance> {
  const found = await listInstances(api, {
    fieldQuery: `name eq ${literal(name)}`,
    ...(subaccountId === undefined ? {} : { subaccount_id: subaccountId }),
  });
  if (found.length === 0)
    throw new DomainError(
      'not_found',
      BTP_ERRORS.instance_not_found,
      `No service instance named "${name}" exists in the subaccounts you administer.`,
    );
  if (found.length > 1)
    throw invalidInput(
      BTP_ERRORS.ambiguous_instance,
      `Several subaccounts have an instance named "${name}"; give its id (--instance-id) or its subaccount (--subaccount).`,
      [{ path: '--instance-name', message: `names ${found.length} instances` }],
    );
  return found[0]!;
}

const body = <T extends object>(fields: T, params: unknown) =>
  params === undefined ? fields : { ...fields, parameters: params };

/** The POST of `btp create <kind>`, built (and its options checked) before any call to the server. */
export function createRequest(kind: Noun, options: Options, waiting?: Waiting): (api: ApiClient) => Promise<Created> {
  switch (kind) {
    case 'services/binding': {
      const instanceId = options.instanceId;
      const instanceName = instanceId ? undefined : need(options.instanceName, '--instance-name');
      const flag = options.binding === undefined ? '--name' : '--binding';
      const name = cockpitName(need(options.binding ?? options.name, '--name'), 'binding', flag);
      const params = parameters(options.parameters);
      return async (api) => {
        const target = instanceId ?? (await instanceByName(api, instanceName!, options.subaccount)).id;
        const done = await settled<SmBindingWithCredentials>(
          api,
          api.POST('/v1/service_bindings', {
            params: { query: { async: 'false' } },
            body: body({ name, service_instance_id: target }, params),
          }),
          `creating binding ${name}`,
          waiting,
        );
        // after a 202 the binding is read again: its credentials tell the credential type
        const binding =
          'resource' in done
            ? done.resource
            : await answer(
                api.GET('/v1/service_bindings/{id}', { params: { path: { id: done.operation.resource_id } } }),
              );
        const credentials = credentialsOf(binding);
        return {
          id: binding.id,
          name: binding.name,
          credential_type: credentials ? credentialFacts(binding.id, credentials).credential_type : 'unknown',
        };
      };
    }
    case 'services/instance': {
      const name = cockpitName(need(options.name, '--name'), 'instance', '--name');
      const subaccountId = need(options.subaccount, '--subaccount');
      const params = parameters(options.parameters);
      return async (api) => {
        const catalog = await readCatalog(api, subaccountId);
        const planId = planIdOf(catalog, {
          offeringName: options.offeringName,
          planName: options.planName,
          planId: options.plan,
        });
        const done = await settled<SmInstance>(
          api,
          api.POST('/v1/service_instances', {
            params: { query: { async: 'false', subaccount_id: subaccountId } },
            body: body({ name, service_plan_id: planId }, params),
          }),
          `creating instance ${name}`,
          waiting,
        );
        const instance =
          'resource' in done
            ? done.resource
            : await answer(
                api.GET('/v1/service_instances/{id}', { params: { path: { id: done.operation.resource_id } } }),
              );
        return instanceRow(instance, catalog);
      };
    }
    case 'accounts/subaccount': {
      const fields = {
        globalAccountId: need(options.globalAccount, '--global-account'),
        name: need(options.name, '--name'),
        subdomain: need(options.subdomain, '--subdomain'),
        region: need(options.region, '--region'),
      };
      return (api) => answer(api.POST('/btp/v1/subaccounts', { body: fields }));
    }
    case 'accounts/global-account': {
      const fields = { name: need(options.name, '--name') };
      return (api) => answer(api.POST('/btp/v1/global_accounts', { body: fields }));
    }
    case 'services/offering':
    case 'services/plan':
      throw invalidInput(
        CLI_ERRORS.cannot_create,
        `${kind} is the catalog of the server; list it with: calm-keys btp list ${kind}.`,
      );
  }
}

const page = (token: string | undefined) => ({
  params: { query: { max_items: PAGE_SIZE, ...(token === undefined ? {} : { token }) } },
});

/** `btp list <kind>`: every item, all pages of the Service Manager API's lists read. */
export const LISTS: Record<Noun, (api: ApiClient) => Promise<readonly unknown[]>> = {
  'services/binding': async (api) => (await listBindings(api)).map(bindingRow),
  'services/instance': async (api) => {
    const [instances, catalog] = await Promise.all([listInstances(api), readCatalog(api)]);
    return instances.map((i) => instanceRow(i, catalog));
  },
  // the catalog, as the Service Manager API lists it (the same in every subaccount)
  'services/offering': (api) => listAll((token) => answer(api.GET('/v1/service_offerings', page(token)))),
  'services/plan': (api) => listAll((token) => answer(api.GET('/v1/service_plans', page(token)))),
  'accounts/subaccount': async (api) => (await answer(api.GET('/btp/v1/subaccounts'))).items,
  'accounts/global-account': async (api) => (await answer(api.GET('/btp/v1/global_accounts'))).items,
};
