/**
 * Applying a seed (schema.ts) on a running start: creates what is missing, in the order of the demo landscape
 * (btp/demo.ts, demo-landscape.ts): global accounts, subaccounts, Cloud ALM tenants, instances, bindings, the
 * tenant's Landscape Management key, managed services and systems, then users and their roles. Entries are
 * found again by name (global account, instance, binding, managed object, user) or subdomain (subaccount), so a
 * second start on the same data creates nothing twice; an existing entry is never changed or deleted (a seed
 * adds, it does not reconcile). The work is done as the calm-keys administrator, who is given the roles it
 * needs on what the seed creates, as on the demo landscape; every change is audited under that name.
 */
import { ROLES, type AccessService, type Actor, type Role } from '../../access/index.js';
import type { Btp } from '../../btp/index.js';
import { ALL_SCOPES, MASTER_XSAPPNAME } from '../../btp/index.js';
import type { Landscape } from '../../landscape/index.js';
import { DomainError, isDomainError, jsonPath } from '../../shared/index.js';
import { MAIN_ERRORS } from '../errors.js';
import { DEFAULT_GLOBAL_ACCOUNT, type Seed, type SeedSubaccount } from './schema.js';

export interface SeedDeps {
  readonly access: AccessService;
  readonly btp: Btp;
  readonly landscape: Landscape;
  readonly adminUser: string;
  /** Told when the seed leaves something as it found it that differs from the file (a slot holding another key). */
  readonly warn: (message: string, facts: Record<string, unknown>) => void;
}

/** What this start created; all zero on a start after the first. */
export interface SeedOutcome {
  globalAccounts: number;
  subaccounts: number;
  tenants: number;
  instances: number;
  bindings: number;
  landscapeKeys: number;
  managedObjects: number;
  users: number;
}

type Path = (string | number)[];

export async function applySeed(deps: SeedDeps, seed: Seed): Promise<SeedOutcome> {
  const { access, btp } = deps;
  const created: SeedOutcome = {
    globalAccounts: 0,
    subaccounts: 0,
    tenants: 0,
    instances: 0,
    bindings: 0,
    landscapeKeys: 0,
    managedObjects: 0,
    users: 0,
  };
  const adminActor = async (): Promise<Actor> => {
    const actor = await access.actorByUsername(deps.adminUser);
    if (!actor) throw new DomainError('unavailable', MAIN_ERRORS.seed_failed, 'The administrator does not exist.');
    return actor;
  };
  let admin = await adminActor();
  const grant = async (role: Role, scopeId: string) => {
    if (admin.assignments.some((a) => a.role === role && a.scopeId === scopeId)) return;
    await access.assignRole(admin, { username: admin.username, role, scopeId });
    admin = await adminActor(); // the actor again: it holds the role now
  };

  const globalAccountIds = new Map<string, string>();
  const gaNames = seed.globalAccounts?.map((g) => g.name) ?? (seed.subaccounts.length ? [DEFAULT_GLOBAL_ACCOUNT] : []);
  for (const [i, name] of gaNames.entries()) {
    const id = await step(['globalAccounts', i], async () => {
      const found = await btp.seeding.findGlobalAccountByName(name);
      if (found) return found.id;
      created.globalAccounts += 1;
      return (await btp.accounts.createGlobalAccount(admin, { name })).id;
    });
    globalAccountIds.set(name, id);
    await grant('GlobalAccountAdministrator', id);
  }

  const subaccountIds = new Map<string, string>();
  const tenantIds = new Map<string, string>();
  for (const [s, sub] of seed.subaccounts.entries()) {
    const path = ['subaccounts', s];
    const subaccountId = await step(path, async () => {
      const found = await btp.seeding.findSubaccountBySubdomain(sub.subdomain);
      if (found) return found.id;
      created.subaccounts += 1;
      const globalAccountId = globalAccountIds.get(sub.globalAccount ?? gaNames[0]!)!;
      return (await btp.accounts.createSubaccount(admin, { globalAccountId, ...pick(sub) })).id;
    });
    subaccountIds.set(sub.name, subaccountId);
    await grant('SubaccountAdministrator', subaccountId);
    const tenantId = sub.cloudAlm ? await ensureTenant(sub, subaccountId, [...path, 'cloudAlm']) : undefined;
    const keys = await ensureInstances(sub, subaccountId, path);
    if (tenantId) {
      tenantIds.set(sub.name, tenantId);
      await ensureLandscape(sub, tenantId, keys, [...path, 'cloudAlm']);
    }
  }

  for (const [u, user] of seed.users.entries()) {
    await step(['users', u], async () => {
      if (!(await access.actorByUsername(user.username))) {
        await access.createUser(admin, { username: user.username, password: user.password });
        created.users += 1;
      }
    });
    for (const [r, role] of user.roles.entries())
      await step(['users', u, 'roles', r], () =>
        access.assignRole(admin, {
          username: user.username,
          role: role.role,
          ...scopeOf(role, { globalAccountIds, gaNames, subaccountIds, tenantIds }),
        }),
      );
  }
  return created;

  async function ensureTenant(sub: SeedSubaccount, subaccountId: string, path: Path): Promise<string> {
    const tenantId = await step(path, async () => {
      const found = await btp.seeding.findTenantOfSubaccount(subaccountId);
      if (found) return found.id;
      created.tenants += 1;
      const subscribed = await btp.accounts.subscribeCloudAlm(admin, {
        subaccountId,
        ...(sub.cloudAlm?.provisionedOn ? { provisionedOn: sub.cloudAlm.provisionedOn } : {}),
        // the seed's own key goes into the slot, not the one this date generates
        ...(sub.cloudAlm?.landscapeKey ? { placeGeneratedKey: false } : {}),
      });
      return subscribed.tenantId;
    });
    // Security Administrator for the key, Administrator for the managed services and systems
    await grant('x_landscape_SecurityAdministrator', tenantId);
    await grant('x_landscape_Administrator', tenantId);
    return tenantId;
  }

  /** The bindings by name, with the credentials of those created on this start. */
  async function ensureInstances(sub: SeedSubaccount, subaccountId: string, path: Path) {
    const bindings = new Map<string, { id: string; credentials?: unknown }>();
    for (const [i, inst] of sub.instances.entries()) {
      const instanceId = await step([...path, 'instances', i], async () => {
        const found = await btp.seeding.findInstanceByName(subaccountId, inst.name);
        if (found) return found.id;
        created.instances += 1;
        const instance = await btp.seeding.createInstance(admin, {
          subaccountId,
          name: inst.name,
          ...(inst.xsappname === undefined ? {} : { xsappname: inst.xsappname }),
          authorities: inst.authorities
            ? [
                ...inst.authorities.map((a) => a.replace(/^\$XSMASTERAPPNAME\./, `${MASTER_XSAPPNAME}.`)),
                'uaa.resource',
              ]
            : ALL_SCOPES,
          credentialTypes: ['binding-secret', 'x509'],
        });
        return instance.id;
      });
      const existing = await btp.seeding.listBindingsOfInstance(instanceId);
      for (const [b, binding] of inst.bindings.entries()) {
        const entry = await step([...path, 'instances', i, 'bindings', b], async () => {
          const found = existing.find((row) => row.name === binding.name);
          if (found) return { id: found.id };
          created.bindings += 1;
          const made = await btp.seeding.createBinding(admin, {
            subaccountId,
            instanceId,
            name: binding.name,
            credentialType: binding.credentialType,
            ...(binding.clientsecret === undefined ? {} : { fixedSecret: binding.clientsecret }),
          });
          return { id: made.id, credentials: made.credentials };
        });
        bindings.set(binding.name, entry);
      }
    }
    return bindings;
  }

  async function ensureLandscape(
    sub: SeedSubaccount,
    tenantId: string,
    bindings: Map<string, { id: string; credentials?: unknown }>,
    path: Path,
  ) {
    const cloudAlm = sub.cloudAlm!;
    const keyName = cloudAlm.landscapeKey;
    if (keyName !== undefined)
      await step([...path, 'landscapeKey'], async () => {
        const slot = await deps.landscape.slot.view(admin, tenantId);
        const binding = bindings.get(keyName)!;
        // a binding made on an earlier start: its key is read again (an audited read, as every read of a key)
        const credentials = binding.credentials ?? (await btp.instances.getBinding(admin, binding.id)).credentials;
        if (slot.key) {
          const clientId = (credentials as { uaa?: { clientid?: string } }).uaa?.clientid;
          if (slot.key.summary.clientId !== clientId)
            deps.warn('the Landscape Management slot holds another key; the seed does not replace it', {
              tenantId,
              landscapeKey: keyName,
            });
          return;
        }
        const outcome = await deps.landscape.slot.upload(admin, tenantId, {
          bytes: Buffer.from(`${JSON.stringify(credentials, null, 2)}\n`, 'utf8'),
          fileName: `${keyName}.json`,
        });
        if (!outcome.stored)
          throw new DomainError(
            'invalid_input',
            MAIN_ERRORS.seed_failed,
            `The key fails the slot's format check: ${outcome.errors.map((e) => e.message).join('; ')}`,
          );
        created.landscapeKeys += 1;
      });
    const objects = [
      ...cloudAlm.services.map((o, i) => ({ ...o, kind: 'service' as const, at: [...path, 'services', i] })),
      ...cloudAlm.systems.map((o, i) => ({ ...o, kind: 'system' as const, at: [...path, 'systems', i] })),
    ];
    if (objects.length === 0) return;
    const listed = (await deps.landscape.managedObjects.list(admin, tenantId)).items;
    for (const object of objects)
      await step(object.at, async () => {
        if (listed.some((o) => o.kind === object.kind && o.name === object.name)) return;
        const made = await deps.landscape.managedObjects.create(admin, tenantId, {
          kind: object.kind,
          name: object.name,
          objectType: object.objectType,
          ...(object.externalId === undefined ? {} : { externalId: object.externalId }),
        });
        if (object.monitoring) await deps.landscape.managedObjects.setMonitoring(admin, tenantId, made.id, true);
        created.managedObjects += 1;
      });
  }
}

const pick = (sub: SeedSubaccount) => ({ name: sub.name, subdomain: sub.subdomain, region: sub.region });

function scopeOf(
  role: Seed['users'][number]['roles'][number],
  known: {
    globalAccountIds: Map<string, string>;
    gaNames: string[];
    subaccountIds: Map<string, string>;
    tenantIds: Map<string, string>;
  },
): { scopeId?: string } {
  if (role.subaccount !== undefined) {
    const byTenant = ROLES[role.role].scope === 'tenant';
    const id = (byTenant ? known.tenantIds : known.subaccountIds).get(role.subaccount);
    return id === undefined ? {} : { scopeId: id };
  }
  if (role.role === 'GlobalAccountAdministrator') {
    const id = known.globalAccountIds.get(role.globalAccount ?? known.gaNames[0]!);
    return id === undefined ? {} : { scopeId: id };
  }
  return {};
}

/** Runs one entry's work; a refusal names the entry's path in the seed file and keeps the module's own code. */
async function step<T>(path: Path, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const at = jsonPath(path);
    throw new DomainError('invalid_input', MAIN_ERRORS.seed_failed, `Seeding ${at} failed: ${error.message}`, {
      details: [{ path: at, message: `${error.message} (${error.code})` }],
      cause: error,
    });
  }
}
