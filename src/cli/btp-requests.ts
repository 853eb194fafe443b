/**
 * The REST calls behind `calm-keys btp create <object>` and `btp list <object>`: each POST is built, and its
 * options checked, before the server is called. `--offering-name` and `--plan-name` are those of SAP's btp CLI
 * (`btp create services/instance --offering-name service-manager --plan-name subaccount-admin`), or `--plan`
 * with a plan id; without them the server takes the "SAP Cloud ALM API" standard plan.
 */
import { invalidInput } from '../shared/index.js';
import { answer, type ApiClient } from './api-client.js';
import { need, parameters, type Noun, type Options } from './btp-options.js';
import { CLI_ERRORS } from './errors.js';

export interface Created {
  readonly id: string;
  readonly name: string;
  readonly credential_type?: string;
}

/** The POST of `btp create <kind>`, built (and its options checked) before any call to the server. */
export function createRequest(kind: Noun, options: Options): (api: ApiClient) => Promise<Created> {
  switch (kind) {
    case 'services/binding': {
      const instance = options.instanceId
        ? { service_instance_id: options.instanceId }
        : {
            service_instance_name: need(options.instanceName, '--instance-name'),
            ...(options.subaccount ? { subaccount_id: options.subaccount } : {}),
          };
      const body = {
        name: need(options.binding ?? options.name, '--name'),
        ...instance,
        parameters: parameters(options.parameters),
      };
      return (api) => answer(api.POST('/btp/v1/service_bindings', { body }));
    }
    case 'services/instance': {
      const body = {
        name: need(options.name, '--name'),
        subaccount_id: need(options.subaccount, '--subaccount'),
        ...(options.offeringName ? { service_offering_name: options.offeringName } : {}),
        ...(options.planName ? { service_plan_name: options.planName } : {}),
        ...(options.plan ? { service_plan_id: options.plan } : {}),
        parameters: parameters(options.parameters),
      };
      return (api) => answer(api.POST('/btp/v1/service_instances', { body }));
    }
    case 'accounts/subaccount': {
      const body = {
        globalAccountId: need(options.globalAccount, '--global-account'),
        name: need(options.name, '--name'),
        subdomain: need(options.subdomain, '--subdomain'),
        region: need(options.region, '--region'),
      };
      return (api) => answer(api.POST('/btp/v1/subaccounts', { body }));
    }
    case 'accounts/global-account': {
      const body = { name: need(options.name, '--name') };
      return (api) => answer(api.POST('/btp/v1/global_accounts', { body }));
    }
    case 'services/offering':
    case 'services/plan':
      throw invalidInput(
        CLI_ERRORS.cannot_create,
        `${kind} is the catalog of the server; list it with: calm-keys btp list ${kind}.`,
      );
  }
}

/** `btp list <kind>`: the items of the list route. */
export const LISTS: Record<Noun, (api: ApiClient) => Promise<readonly unknown[]>> = {
  'services/binding': async (api) => (await answer(api.GET('/btp/v1/service_bindings'))).items,
  'services/instance': async (api) => (await answer(api.GET('/btp/v1/service_instances'))).items,
  // the catalog, as the Service Manager API lists it (the same in every subaccount)
  'services/offering': async (api) => (await answer(api.GET('/v1/service_offerings'))).items,
  'services/plan': async (api) => (await answer(api.GET('/v1/service_plans'))).items,
  'accounts/subaccount': async (api) => (await answer(api.GET('/btp/v1/subaccounts'))).items,
  'accounts/global-account': async (api) => (await answer(api.GET('/btp/v1/global_accounts'))).items,
};
