/**
 * `GET /v1/service_instances/{id}/parameters`: an instance's configuration parameters, as SAP Service Manager
 * answers them. The open-source Service Manager (Peripli `api/service_instance_controller.go`, `GetParameters`)
 * finds the instance's plan and offering (404 of the instance when one is missing), answers 400 "this
 * operation is not supported" when the offering is not `instances_retrievable`, and otherwise the
 * `parameters` its broker answers. calm-keys is the broker of its offerings here: a Cloud ALM API instance
 * answers the parameters it was created with, completed with what its XSUAA client got from them
 * (`xs-security.authorities` in the `$XSMASTERAPPNAME.` form, `oauth2-configuration.credential-types`), so that a
 * provisioned instance or one made without parameters shows its scopes and credential types too; a
 * service-manager instance takes no parameters (its plan decides) and answers `{}`.
 */
import { invalidInput, notFound } from '../shared/index.js';
import { findCatalogPlan } from './catalog.js';
import { OFFERING, type InstanceRow } from './instance-context.js';
import { MASTER_PLACEHOLDER, MASTER_XSAPPNAME } from './scopes.js';
import { SM_OFFERING } from './sm-plans.js';
import { BTP_ERRORS } from './errors.js';

/** Which offerings answer their instances' parameters (SAP's `instances_retrievable`, shown by the offerings). */
const INSTANCES_RETRIEVABLE: Readonly<Record<string, boolean>> = { [OFFERING]: true, [SM_OFFERING]: true };

export const instancesRetrievable = (offeringName: string): boolean => INSTANCES_RETRIEVABLE[offeringName] === true;

/** XSUAA adds `uaa.resource` to every client; it is not a parameter anyone gave. */
const ADDED_AUTHORITY = 'uaa.resource';

const asObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** `sapcloudalm!b4711.calm-api.x` back to `$XSMASTERAPPNAME.calm-api.x`, as instance parameters spell it. */
const asGiven = (authority: string): string =>
  authority.startsWith(`${MASTER_XSAPPNAME}.`)
    ? `${MASTER_PLACEHOLDER}${authority.slice(MASTER_XSAPPNAME.length)}`
    : authority;

/** The parameters of a visible instance (the caller's visibility is checked before). */
export function instanceParameters(row: InstanceRow): Record<string, unknown> {
  const found = findCatalogPlan(row.offering, row.plan);
  if (!found) throw notFound(BTP_ERRORS.instance_not_found, row.id);
  if (!instancesRetrievable(found.offering.name))
    throw invalidInput(
      BTP_ERRORS.sm_parameters_not_retrievable,
      `The parameters of instances of "${found.offering.name}" cannot be retrieved: this operation is not supported.`,
    );
  const given = asObject(JSON.parse(row.parameters));
  if (found.offering.name !== OFFERING) return given;
  const security = asObject(given['xs-security']);
  return {
    ...given,
    'xs-security': {
      ...security,
      authorities: (JSON.parse(row.authorities) as string[]).filter((a) => a !== ADDED_AUTHORITY).map(asGiven),
      'oauth2-configuration': {
        ...asObject(security['oauth2-configuration']),
        'credential-types': JSON.parse(row.credential_types) as string[],
      },
    },
  };
}
