/**
 * What a seeded landscape (`calm-keys serve --seed`, src/main/seed/) needs of the BTP control plane beyond the
 * cockpit's operations: look-ups by name, so that every start creates only what is missing, and instances and
 * bindings with a fixed xsappname or client secret, so that a CI run knows its key before the server starts.
 * Nothing here is reachable from a request: no route calls it, and the fixed values exist for tests only.
 */
import type { Actor } from '../access/index.js';
import { sha256Hex } from '../crypto/index.js';
import { notFound } from '../shared/index.js';
import type { Db } from '../store/index.js';
import type { CredentialType } from '../xsuaa/index.js';
import * as repo from './btp.repo.js';
import type { InstanceService } from './instances.service.js';
import { BTP_ERRORS } from './errors.js';

/**
 * The `!b<n>` XSUAA appends to an xsappname, derived from the name (10000 to 999999, the range of a random
 * one), so that a fixed xsappname gives the same client id `sb-<name>!b<n>|<master>` on every fresh start.
 */
export function seededXsappname(name: string): string {
  if (/!b\d+$/.test(name)) return name;
  const n = 10_000 + (Number.parseInt(sha256Hex(name).slice(0, 12), 16) % 990_000);
  return `${name}!b${n}`;
}

export function createSeeding(db: Db, instances: InstanceService) {
  async function subaccountRow(subaccountId: string) {
    const sub = await repo.findSubaccount(db, subaccountId);
    if (!sub) throw notFound(BTP_ERRORS.subaccount_not_found, subaccountId);
    return sub;
  }

  return {
    findGlobalAccountByName: async (name: string) => (await repo.listGlobalAccounts(db)).find((g) => g.name === name),

    findSubaccountBySubdomain: async (subdomain: string) =>
      (await repo.listAllSubaccounts(db)).find((s) => s.subdomain === subdomain),

    findTenantOfSubaccount: (subaccountId: string) => repo.findTenantBySubaccount(db, subaccountId),

    findInstanceByName: (subaccountId: string, name: string) => repo.findInstanceByName(db, subaccountId, name),

    listBindingsOfInstance: (instanceId: string) => repo.listBindingsOfInstance(db, instanceId),

    /** An "SAP Cloud ALM API" instance (plan standard); `xsappname` fixed as `<name>!b<n>` when given. */
    async createInstance(
      actor: Actor,
      input: {
        subaccountId: string;
        name: string;
        xsappname?: string;
        authorities: readonly string[];
        credentialTypes: readonly CredentialType[];
      },
    ) {
      const sub = await subaccountRow(input.subaccountId);
      return instances.createInstanceAs(actor, sub, {
        name: input.name,
        authorities: input.authorities,
        credentialTypes: input.credentialTypes,
        origin: 'manual',
        ...(input.xsappname === undefined ? {} : { exactXsappname: seededXsappname(input.xsappname) }),
      });
    },

    /** A binding (service key) with its credentials; a binding secret may be fixed. */
    async createBinding(
      actor: Actor,
      input: {
        subaccountId: string;
        instanceId: string;
        name: string;
        credentialType: CredentialType;
        fixedSecret?: string;
      },
    ) {
      const sub = await subaccountRow(input.subaccountId);
      return instances.createBindingAs(actor, sub, input.instanceId, {
        name: input.name,
        credentialType: input.credentialType,
        origin: 'manual',
        ...(input.fixedSecret === undefined ? {} : { fixedSecret: input.fixedSecret }),
      });
    },
  };
}

export type BtpSeeding = ReturnType<typeof createSeeding>;
