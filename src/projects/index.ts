/**
 * The Projects and Tasks APIs of SAP Cloud ALM (`/api/calm-projects/v1`, `/api/calm-tasks/v1`) and their read for
 * people. See README.md.
 */
export type { ProjectsDeps, ProjectTenant, ProjectTenantLookup, ApiCaller } from './projects.deps.js';
export { PROJECTS_ERRORS, type ProjectsErrorCode } from './errors.js';
export { MAX_TASKS_PER_LIST, ODATA_OPTIONS, taskListQuery } from './tasks-query.js';
export * as projectsViews from './views.js';

import type { ProjectsDeps } from './projects.deps.js';
import { createPeopleReadService } from './people.service.js';
import { createProjectService } from './projects.service.js';
import { createTaskItemService } from './task-items.service.js';
import { createTaskService } from './tasks.service.js';
import { createDemoProject } from './demo.js';

export function createProjects(deps: ProjectsDeps) {
  const services = {
    projects: createProjectService(deps),
    tasks: createTaskService(deps),
    taskItems: createTaskItemService(deps),
  };
  return {
    ...services,
    people: createPeopleReadService(deps),
    /** The demo tenant's project (a first start's demo landscape). */
    createDemoProject: (tenantId: string) => createDemoProject(services, tenantId, deps.clock.now()),
  };
}

export type Projects = ReturnType<typeof createProjects>;
