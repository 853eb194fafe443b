/**
 * SAP Cloud ALM Tasks API (CALM_TKM, `/api/calm-tasks/v1`): tasks with their comments and references, as SAP's
 * samples and the MCP servers call them. `GET /tasks` needs `?projectId=` and refuses `$filter`, `$select`, `$top`
 * with 400 "not supported yet", as a live tenant does. Scopes calm-api.tasks.read and .write; the tenant is the
 * token's (src/projects/README.md).
 */
import { z } from 'zod';
import { projectsViews as views, PROJECTS_ERRORS, taskListQuery } from '../../../projects/index.js';
import { defineRoute, json, noContent, type AnyRoute } from '../../contract/route.js';
import { auth, tag, TOKEN, type AlmRouteKit } from './kit.js';

const BASE = '/api/calm-tasks/v1';
const idParams = z.object({ id: z.string().min(1).max(100) });
const TASK = { ...TOKEN, 404: [PROJECTS_ERRORS.task_not_found] } as const;
const REFERENCE = { ...TOKEN, 404: [PROJECTS_ERRORS.reference_not_found] } as const;
const TASK_FIELDS = [
  PROJECTS_ERRORS.bad_status,
  PROJECTS_ERRORS.bad_date,
  PROJECTS_ERRORS.bad_parent,
  PROJECTS_ERRORS.bad_timebox,
] as const;

export function tasksRoutes({ projects: { tasks, taskItems }, as }: AlmRouteKit): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: `${BASE}/tasks`,
      summary: 'List the tasks of a project: ?projectId= is required (scope calm-api.tasks.read)',
      description: 'OData options ($filter, $select, $top, ...) answer 400 "not supported yet", as SAP Cloud ALM does.',
      tag,
      auth,
      before: as('tasks.read'),
      query: taskListQuery,
      responses: { 200: json('The tasks, a JSON array', views.taskListSchema) },
      errors: {
        ...TOKEN,
        400: [
          PROJECTS_ERRORS.query_option_not_supported,
          PROJECTS_ERRORS.project_id_required,
          PROJECTS_ERRORS.bad_filter,
        ],
        404: [PROJECTS_ERRORS.project_not_found],
      },
      handler: ({ auth: who, query }) => tasks.list(who, query),
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/tasks`,
      summary: 'Create a task (scope calm-api.tasks.write)',
      tag,
      auth,
      before: as('tasks.write'),
      body: views.createTaskBody,
      responses: { 201: json('The new task', views.taskSchema) },
      errors: { ...TOKEN, 400: [PROJECTS_ERRORS.bad_type, ...TASK_FIELDS], 404: [PROJECTS_ERRORS.project_not_found] },
      handler: ({ auth: who, body }) => tasks.create(who, body),
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/tasks/{id}`,
      summary: 'Read a task (scope calm-api.tasks.read)',
      tag,
      auth,
      before: as('tasks.read'),
      params: idParams,
      responses: { 200: json('The task', views.taskSchema) },
      errors: TASK,
      handler: ({ auth: who, params }) => tasks.get(who, params.id),
    }),
    defineRoute({
      method: 'PATCH',
      path: `${BASE}/tasks/{id}`,
      summary: 'Change a task, e.g. its status or title (scope calm-api.tasks.write)',
      tag,
      auth,
      before: as('tasks.write'),
      params: idParams,
      body: views.changeTaskBody,
      responses: { 200: json('The task as changed', views.taskSchema) },
      errors: { ...TASK, 400: TASK_FIELDS },
      handler: ({ auth: who, params, body }) => tasks.change(who, params.id, body),
    }),
    defineRoute({
      method: 'DELETE',
      path: `${BASE}/tasks/{id}`,
      summary: 'Delete a task with its comments and references (scope calm-api.tasks.write)',
      tag,
      auth,
      before: as('tasks.write'),
      params: idParams,
      responses: { 204: noContent('Deleted') },
      errors: TASK,
      handler: async ({ auth: who, params }) => void (await tasks.remove(who, params.id)),
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/tasks/{id}/comments`,
      summary: 'List the comments of a task (scope calm-api.tasks.read)',
      tag,
      auth,
      before: as('tasks.read'),
      params: idParams,
      responses: { 200: json('The comments, oldest first', views.commentListSchema) },
      errors: TASK,
      handler: ({ auth: who, params }) => taskItems.comments(who, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/tasks/{id}/comments`,
      summary: 'Add a comment to a task (scope calm-api.tasks.write)',
      tag,
      auth,
      before: as('tasks.write'),
      params: idParams,
      body: views.createCommentBody,
      responses: { 201: json('The new comment', views.commentSchema) },
      errors: TASK,
      handler: ({ auth: who, params, body }) => taskItems.addComment(who, params.id, body),
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/tasks/{id}/references`,
      summary: 'List the references (URLs) of a task (scope calm-api.tasks.read)',
      tag,
      auth,
      before: as('tasks.read'),
      params: idParams,
      responses: { 200: json('The references', views.referenceListSchema) },
      errors: TASK,
      handler: ({ auth: who, params }) => taskItems.references(who, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/tasks/{id}/references`,
      summary: 'Add a reference (a URL) to a task (scope calm-api.tasks.write)',
      tag,
      auth,
      before: as('tasks.write'),
      params: idParams,
      body: views.createReferenceBody,
      responses: { 201: json('The new reference', views.referenceSchema) },
      errors: TASK,
      handler: ({ auth: who, params, body }) => taskItems.addReference(who, params.id, body),
    }),
    defineRoute({
      method: 'PATCH',
      path: `${BASE}/tasks/references/{id}`,
      summary: 'Change a reference (scope calm-api.tasks.write)',
      tag,
      auth,
      before: as('tasks.write'),
      params: idParams,
      body: views.changeReferenceBody,
      responses: { 200: json('The reference', views.referenceSchema) },
      errors: REFERENCE,
      handler: ({ auth: who, params, body }) => taskItems.changeReference(who, params.id, body),
    }),
    defineRoute({
      method: 'DELETE',
      path: `${BASE}/tasks/references/{id}`,
      summary: 'Delete a reference (scope calm-api.tasks.write)',
      tag,
      auth,
      before: as('tasks.write'),
      params: idParams,
      responses: { 204: noContent('Deleted') },
      errors: REFERENCE,
      handler: async ({ auth: who, params }) => void (await taskItems.removeReference(who, params.id)),
    }),
  ];
}
