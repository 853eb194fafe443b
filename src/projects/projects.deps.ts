/**
 * What the projects module needs from outside, as narrow ports wired in main.ts: the database, the clock, the
 * audit writer (for the access guard of the people's read) and the tenants of the BTP side.
 */
import type { AuditWriter } from '../audit/index.js';
import type { Clock } from '../shared/index.js';
import type { Db } from '../store/index.js';

/** A Cloud ALM tenant with the chain the access policy decides on. */
export interface ProjectTenant {
  readonly tenantId: string;
  readonly subaccountId: string;
  readonly globalAccountId: string;
}

export interface ProjectTenantLookup {
  find(tenantId: string): Promise<ProjectTenant | undefined>;
}

/**
 * Who calls the Cloud ALM API: the tenant of the bearer token's zone and its OAuth client (alm-api's `ApiPrincipal`
 * has both). Every read and write of the API is confined to this tenant.
 */
export interface ApiCaller {
  readonly tenantId: string;
  readonly clientId: string;
}

export interface ProjectsDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly audit: AuditWriter;
  readonly tenants: ProjectTenantLookup;
}
