/**
 * `/api/calm-projects/v1`: projects, their timeboxes (milestones, phases, sprints) and teams, for the tenant of
 * the caller's token. A project of another tenant is "not found". A new project gets one team, as a project
 * created in SAP Cloud ALM has its project team.
 */
import { z } from 'zod';
import { newId } from '../crypto/index.js';
import { invalidInput, notFound, parseCalendarDate } from '../shared/index.js';
import { withTx, type Executor } from '../store/index.js';
import { PROJECTS_ERRORS } from './errors.js';
import type { ApiCaller, ProjectsDeps } from './projects.deps.js';
import * as repo from './projects.repo.js';
import { projectView, teamView, timeboxView, type ProjectView, type TimeboxView } from './projects.view.js';

/** POST /projects: SAP's notebook sends `{"name"}`; unknown fields are ignored, as SAP's REST services do. */
export const createProjectBody = z
  .object({ name: z.string().trim().min(1).max(200), description: z.string().max(5000).nullish() })
  .meta({ id: 'CalmProjectCreate' });

const timeboxType = z.union([z.literal(0), z.literal(1), z.literal(2)]).describe('0 milestone, 1 phase, 2 sprint');
const calendarDate = z.string().min(1).max(20).describe('YYYY-MM-DD');
export const createTimeboxBody = z
  .object({
    type: timeboxType,
    name: z.string().trim().min(1).max(200),
    startDate: calendarDate,
    endDate: calendarDate,
    closed: z.boolean().optional(),
  })
  .meta({ id: 'CalmTimeboxCreate' });
export const changeTimeboxBody = createTimeboxBody.partial().meta({ id: 'CalmTimeboxChange' });

/** The team every new project starts with (its name in SAP Cloud ALM is not published). */
export const DEFAULT_TEAM_NAME = 'Project Team';

export async function requireProject(ex: Executor, tenantId: string, id: string): Promise<repo.ProjectRow> {
  const row = await repo.findProject(ex, tenantId, id);
  if (!row) throw notFound(PROJECTS_ERRORS.project_not_found, id);
  return row;
}

function timeboxDates(startDate: string, endDate: string): { start_date: string; end_date: string } {
  const start = parseCalendarDate(startDate, 'startDate', PROJECTS_ERRORS.bad_timebox_dates);
  const end = parseCalendarDate(endDate, 'endDate', PROJECTS_ERRORS.bad_timebox_dates);
  if (end < start)
    throw invalidInput(PROJECTS_ERRORS.bad_timebox_dates, `endDate ${end} is before startDate ${start}.`, [
      { path: 'endDate', message: 'is before startDate' },
    ]);
  return { start_date: start, end_date: end };
}

export function createProjectService(deps: Pick<ProjectsDeps, 'db' | 'clock'>) {
  const { db, clock } = deps;

  return {
    async list(caller: ApiCaller): Promise<ProjectView[]> {
      return (await repo.listProjects(db, caller.tenantId)).map(projectView);
    },

    async get(caller: ApiCaller, id: string): Promise<ProjectView> {
      return projectView(await requireProject(db, caller.tenantId, id));
    },

    async create(caller: ApiCaller, body: z.output<typeof createProjectBody>): Promise<ProjectView> {
      const row = {
        tenant_id: caller.tenantId,
        id: newId(),
        name: body.name,
        description: body.description ?? null,
        status: 'O',
        created_at: clock.now().toISOString(),
        created_by: caller.clientId,
      };
      await withTx(db, async (tx) => {
        await repo.insertProject(tx, row);
        await repo.insertTeam(tx, {
          tenant_id: caller.tenantId,
          id: newId(),
          project_id: row.id,
          name: DEFAULT_TEAM_NAME,
        });
      });
      return projectView(row);
    },

    async timeboxes(caller: ApiCaller, projectId: string): Promise<TimeboxView[]> {
      await requireProject(db, caller.tenantId, projectId);
      return (await repo.listTimeboxes(db, caller.tenantId, projectId)).map(timeboxView);
    },

    async createTimebox(
      caller: ApiCaller,
      projectId: string,
      body: z.output<typeof createTimeboxBody>,
    ): Promise<TimeboxView> {
      await requireProject(db, caller.tenantId, projectId);
      const row = {
        tenant_id: caller.tenantId,
        id: newId(),
        project_id: projectId,
        type: body.type,
        name: body.name,
        ...timeboxDates(body.startDate, body.endDate),
        closed: body.closed ? 1 : 0,
      };
      await repo.insertTimebox(db, row);
      return timeboxView(row);
    },

    /** PATCH /timeboxes/{id}: SAP's notebook closes a sprint with `{"closed": true}`. */
    async changeTimebox(caller: ApiCaller, id: string, body: z.output<typeof changeTimeboxBody>): Promise<TimeboxView> {
      const current = await repo.findTimebox(db, caller.tenantId, id);
      if (!current) throw notFound(PROJECTS_ERRORS.timebox_not_found, id);
      const change = {
        ...(body.type === undefined ? {} : { type: body.type }),
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(body.closed === undefined ? {} : { closed: body.closed ? 1 : 0 }),
        ...timeboxDates(body.startDate ?? current.start_date, body.endDate ?? current.end_date),
      };
      await repo.updateTimebox(db, caller.tenantId, id, change);
      return timeboxView({ ...current, ...change });
    },

    async teams(caller: ApiCaller, projectId: string) {
      await requireProject(db, caller.tenantId, projectId);
      return (await repo.listTeams(db, caller.tenantId, projectId)).map(teamView);
    },
  };
}

export type ProjectService = ReturnType<typeof createProjectService>;
