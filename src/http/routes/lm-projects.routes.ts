/**
 * The people's read of what Cloud ALM API clients wrote: a tenant's projects and a project's tasks
 * (`/lm/v1/tenants/{tenantId}/projects`), for the web UI's Projects page. A browser has no bearer token, so these
 * are person routes, authorized as `lm.landscape.view` (src/projects/people.service.ts says why).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LANDSCAPE_ERRORS } from '../../landscape/errors.js';
import { projectsViews as views, PROJECTS_ERRORS, type Projects } from '../../projects/index.js';
import { SHARED_ERRORS } from '../../shared/error-codes.js';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json } from '../contract/route.js';

const tenantParams = z.object({ tenantId: z.string().min(1).max(100) });
const projectParams = tenantParams.extend({ projectId: z.string().min(1).max(100) });
const tag = 'landscape';
const auth = 'person';

export function registerProjectReadRoutes(app: FastifyInstance, deps: { projects: Projects }): void {
  const { people } = deps.projects;
  registerRoutes(app, [
    defineRoute({
      method: 'GET',
      path: '/lm/v1/tenants/{tenantId}/projects',
      summary: 'Projects of the tenant, as Cloud ALM API clients created them, with their task counts',
      tag,
      auth,
      params: tenantParams,
      responses: { 200: json('The projects', views.tenantProjectsSchema) },
      errors: { 403: [SHARED_ERRORS.forbidden], 404: [LANDSCAPE_ERRORS.tenant_not_found] },
      handler: ({ actor, params }) => people.projects(actor, params.tenantId),
    }),
    defineRoute({
      method: 'GET',
      path: '/lm/v1/tenants/{tenantId}/projects/{projectId}/tasks',
      summary: 'Tasks and timeboxes of one project',
      tag,
      auth,
      params: projectParams,
      responses: { 200: json('The project, its timeboxes and tasks', views.projectTasksSchema) },
      errors: {
        403: [SHARED_ERRORS.forbidden],
        404: [LANDSCAPE_ERRORS.tenant_not_found, PROJECTS_ERRORS.project_not_found],
      },
      handler: ({ actor, params }) => people.tasks(actor, params.tenantId, params.projectId),
    }),
  ]);
}
