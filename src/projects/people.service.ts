/**
 * The read of projects and tasks for people (the web UI's Projects page): what clients of the Cloud ALM API
 * created and changed in a tenant. A browser has no bearer token, so this read is authorized as Landscape
 * Management's `lm.landscape.view` (every Landscape Management role of the tenant): the roles that may see what
 * managed services push may see what API clients write. A tenant the person has no role in is "not found".
 */
import { z } from 'zod';
import { createGuard, type Actor, type Resource } from '../access/index.js';
import { DomainError } from '../shared/index.js';
import { LANDSCAPE_ERRORS } from '../landscape/errors.js';
import type { ProjectsDeps, ProjectTenant } from './projects.deps.js';
import * as repo from './projects.repo.js';
import { requireProject } from './projects.service.js';
import { projectSchema, projectView, timeboxSchema, timeboxView } from './projects.view.js';
import { taskSchema, taskView } from './tasks.view.js';
import * as tasksRepo from './tasks.repo.js';
import { MAX_TASKS_PER_LIST } from './tasks-query.js';

export const tenantProjectsSchema = z
  .strictObject({
    tenantId: z.string(),
    items: z.array(projectSchema.extend({ taskCount: z.number().int() })),
  })
  .meta({ id: 'TenantProjects' });
export const projectTasksSchema = z
  .strictObject({
    tenantId: z.string(),
    project: projectSchema,
    timeboxes: z.array(timeboxSchema),
    items: z.array(taskSchema),
    truncated: z.boolean().describe(`True when the project has more than ${MAX_TASKS_PER_LIST} tasks`),
  })
  .meta({ id: 'ProjectTasks' });

/**
 * Landscape Management's own "No such Cloud ALM tenant." (the route is under `/lm/v1/tenants/{tenantId}`): an unknown
 * tenant and one the person has no role in read the same, so that nothing is learned about other tenants.
 */
const tenantNotFound = (): DomainError =>
  new DomainError('not_found', LANDSCAPE_ERRORS.tenant_not_found, 'No such Cloud ALM tenant.');

const resourceOf = (tenant: ProjectTenant): Resource => ({ kind: 'tenant', ...tenant });

export function createPeopleReadService(deps: ProjectsDeps) {
  const { db } = deps;
  const guard = createGuard(deps);

  async function authorized(actor: Actor, tenantId: string): Promise<ProjectTenant> {
    const tenant = await deps.tenants.find(tenantId);
    if (!tenant) throw tenantNotFound();
    await guard(actor, 'lm.landscape.view', resourceOf(tenant), { notFound: tenantNotFound });
    return tenant;
  }

  return {
    async projects(actor: Actor, tenantId: string): Promise<z.output<typeof tenantProjectsSchema>> {
      const tenant = await authorized(actor, tenantId);
      const [rows, counts] = await Promise.all([
        repo.listProjects(db, tenant.tenantId),
        tasksRepo.countTasksByProject(db, tenant.tenantId),
      ]);
      return {
        tenantId: tenant.tenantId,
        items: rows.map((row) => ({ ...projectView(row), taskCount: counts.get(row.id) ?? 0 })),
      };
    },

    async tasks(actor: Actor, tenantId: string, projectId: string): Promise<z.output<typeof projectTasksSchema>> {
      const tenant = await authorized(actor, tenantId);
      const project = await requireProject(db, tenant.tenantId, projectId);
      const rows = await tasksRepo.listTasks(db, tenant.tenantId, {
        projectId,
        offset: 0,
        limit: MAX_TASKS_PER_LIST + 1,
      });
      return {
        tenantId: tenant.tenantId,
        project: projectView(project),
        timeboxes: (await repo.listTimeboxes(db, tenant.tenantId, projectId)).map(timeboxView),
        items: rows.slice(0, MAX_TASKS_PER_LIST).map(taskView),
        truncated: rows.length > MAX_TASKS_PER_LIST,
      };
    },
  };
}

export type PeopleReadService = ReturnType<typeof createPeopleReadService>;
