/**
 * SAP Cloud ALM Projects API (CALM_PJM, `/api/calm-projects/v1`): projects, their timeboxes and teams, as SAP's
 * samples call them (kanban4calm, the ScopingAPI and Java samples, the notebooks). Scopes calm-api.projects.read
 * and .write; the tenant is the token's (src/projects/README.md).
 */
import { z } from 'zod';
import { projectsViews as views, PROJECTS_ERRORS } from '../../../projects/index.js';
import { defineRoute, json, type AnyRoute } from '../../contract/route.js';
import { auth, tag, TOKEN, type AlmRouteKit } from './kit.js';

const BASE = '/api/calm-projects/v1';
const idParams = z.object({ id: z.string().min(1).max(100) });
const PROJECT = { ...TOKEN, 404: [PROJECTS_ERRORS.project_not_found] } as const;

export function projectsRoutes({ projects: { projects }, as }: AlmRouteKit): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: `${BASE}/projects`,
      summary: 'List the projects of the tenant (scope calm-api.projects.read)',
      tag,
      auth,
      before: as('projects.read'),
      responses: { 200: json('The projects, a JSON array', views.projectListSchema) },
      errors: TOKEN,
      handler: ({ auth: who }) => projects.list(who),
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/projects`,
      summary: 'Create a project (scope calm-api.projects.write)',
      tag,
      auth,
      before: as('projects.write'),
      body: views.createProjectBody,
      responses: { 201: json('The new project', views.projectSchema) },
      errors: TOKEN,
      handler: ({ auth: who, body }) => projects.create(who, body),
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/projects/{id}`,
      summary: 'Read a project (scope calm-api.projects.read)',
      tag,
      auth,
      before: as('projects.read'),
      params: idParams,
      responses: { 200: json('The project', views.projectSchema) },
      errors: PROJECT,
      handler: ({ auth: who, params }) => projects.get(who, params.id),
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/projects/{id}/timeboxes`,
      summary: 'List the timeboxes (milestones, phases, sprints) of a project (scope calm-api.projects.read)',
      tag,
      auth,
      before: as('projects.read'),
      params: idParams,
      responses: { 200: json('The timeboxes by start date', views.timeboxListSchema) },
      errors: PROJECT,
      handler: ({ auth: who, params }) => projects.timeboxes(who, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/projects/{id}/timeboxes`,
      summary: 'Create a timebox in a project (scope calm-api.projects.write)',
      tag,
      auth,
      before: as('projects.write'),
      params: idParams,
      body: views.createTimeboxBody,
      responses: { 201: json('The new timebox', views.timeboxSchema) },
      errors: { ...PROJECT, 400: [PROJECTS_ERRORS.bad_timebox_dates] },
      handler: ({ auth: who, params, body }) => projects.createTimebox(who, params.id, body),
    }),
    defineRoute({
      method: 'PATCH',
      path: `${BASE}/timeboxes/{id}`,
      summary: 'Change a timebox, e.g. close a sprint (scope calm-api.projects.write)',
      tag,
      auth,
      before: as('projects.write'),
      params: idParams,
      body: views.changeTimeboxBody,
      responses: { 200: json('The timebox', views.timeboxSchema) },
      errors: { ...TOKEN, 400: [PROJECTS_ERRORS.bad_timebox_dates], 404: [PROJECTS_ERRORS.timebox_not_found] },
      handler: ({ auth: who, params, body }) => projects.changeTimebox(who, params.id, body),
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/projects/{id}/teams`,
      summary: 'List the teams of a project (scope calm-api.projects.read)',
      tag,
      auth,
      before: as('projects.read'),
      params: idParams,
      responses: { 200: json('The teams', views.teamListSchema) },
      errors: PROJECT,
      handler: ({ auth: who, params }) => projects.teams(who, params.id),
    }),
  ];
}
