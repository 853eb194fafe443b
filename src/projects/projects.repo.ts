/** SQL of projects, their timeboxes and teams. Tenant first in every function (docs/ARCHITECTURE.md rule 5). */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { CalmProjectsTable, CalmProjectTeamsTable, CalmProjectTimeboxesTable, Executor } from '../store/index.js';

export type ProjectRow = Selectable<CalmProjectsTable>;
export type TimeboxRow = Selectable<CalmProjectTimeboxesTable>;
export type TeamRow = Selectable<CalmProjectTeamsTable>;

export const listProjects = (ex: Executor, tenantId: string) =>
  ex.selectFrom('calm_projects').selectAll().where('tenant_id', '=', tenantId).orderBy('name').orderBy('id').execute();

export const findProject = (ex: Executor, tenantId: string, id: string) =>
  ex.selectFrom('calm_projects').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();

export const insertProject = (ex: Executor, row: Insertable<CalmProjectsTable>) =>
  ex.insertInto('calm_projects').values(row).execute();

export const listTimeboxes = (ex: Executor, tenantId: string, projectId: string) =>
  ex
    .selectFrom('calm_project_timeboxes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('project_id', '=', projectId)
    .orderBy('start_date')
    .orderBy('id')
    .execute();

export const findTimebox = (ex: Executor, tenantId: string, id: string) =>
  ex
    .selectFrom('calm_project_timeboxes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const insertTimebox = (ex: Executor, row: Insertable<CalmProjectTimeboxesTable>) =>
  ex.insertInto('calm_project_timeboxes').values(row).execute();

export const updateTimebox = (
  ex: Executor,
  tenantId: string,
  id: string,
  change: Updateable<CalmProjectTimeboxesTable>,
) =>
  ex.updateTable('calm_project_timeboxes').set(change).where('tenant_id', '=', tenantId).where('id', '=', id).execute();

export const listTeams = (ex: Executor, tenantId: string, projectId: string) =>
  ex
    .selectFrom('calm_project_teams')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('project_id', '=', projectId)
    .orderBy('name')
    .execute();

export const insertTeam = (ex: Executor, row: Insertable<CalmProjectTeamsTable>) =>
  ex.insertInto('calm_project_teams').values(row).execute();
