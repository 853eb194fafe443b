/**
 * The demo landscape of a first start, so that `npm start` shows a living chain at once: btp's demo accounts and
 * tenant (`ensureDemoLandscape`, whose provisioning places the generated key in Landscape Management), the roles
 * that let the administrator manage them, and a managed service with monitoring on, so that `calm-keys agent push`
 * has somewhere to push. It spans btp, access and landscape, hence here. Created once: when any global account
 * exists, nothing happens.
 */
import type { AccessService } from '../access/index.js';
import { ensureDemoLandscape, type Btp } from '../btp/index.js';
import type { Landscape } from '../landscape/index.js';
import type { Projects } from '../projects/index.js';
import type { Db } from '../store/index.js';

/** What the announcement tells of a demo landscape created on this start. */
export interface DemoLandscape {
  readonly subdomain: string;
  readonly serviceId: string;
}

export interface DemoLandscapeDeps {
  readonly db: Db;
  readonly access: AccessService;
  readonly btp: Btp;
  readonly landscape: Landscape;
  /** A project with a few tasks in the demo tenant, for the Projects and Tasks APIs and the Projects page. */
  readonly projects: Pick<Projects, 'createDemoProject'>;
}

/** Creates the demo landscape for `adminUser` unless a global account exists; undefined when nothing was created. */
export async function createDemoLandscape(
  deps: DemoLandscapeDeps,
  adminUser: string,
): Promise<DemoLandscape | undefined> {
  const { access, landscape } = deps;
  const admin = await access.actorByUsername(adminUser);
  if (!admin) return undefined;
  const demo = await ensureDemoLandscape(
    {
      db: deps.db,
      accounts: deps.btp.accounts,
      instances: deps.btp.instances,
      grant: async (grants) => {
        for (const g of grants)
          await access.assignRole(admin, { username: admin.username, role: g.role, scopeId: g.scopeId });
        return (await access.actorByUsername(adminUser))!;
      },
    },
    admin,
  );
  if (!demo.created || !demo.tenantId || demo.subdomain === undefined) return undefined;
  // the actor again: it holds the roles granted above
  const demoAdmin = (await access.actorByUsername(adminUser))!;
  const service = await landscape.managedObjects.create(demoAdmin, demo.tenantId, {
    kind: 'service',
    name: 'Demo SAP S/4HANA Cloud',
    objectType: 'S4HANA Cloud',
  });
  await landscape.managedObjects.setMonitoring(demoAdmin, demo.tenantId, service.id, true);
  await deps.projects.createDemoProject(demo.tenantId);
  return { subdomain: demo.subdomain, serviceId: service.id };
}
