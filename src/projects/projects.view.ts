/**
 * What callers of `/api/calm-projects/v1` see: projects, timeboxes and teams, with their response schemas (zod,
 * OpenAPI components). Field names are SAP's (README.md, "Sources"); a field SAP's samples do not show is absent.
 */
import { z } from 'zod';
import type { ProjectRow, TeamRow, TimeboxRow } from './projects.repo.js';

export const projectSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    status: z.string().describe('O: open; C: closed (hidden). kanban4calm shows the open ones only'),
    description: z.string().nullable(),
  })
  .meta({ id: 'CalmProject', description: 'A project of SAP Cloud ALM (CALM_PJM)' });
export const projectListSchema = z.array(projectSchema).meta({ id: 'CalmProjectList' });

export const timeboxSchema = z
  .strictObject({
    id: z.string(),
    projectId: z.string(),
    type: z.number().int().describe('0 milestone, 1 phase, 2 sprint'),
    name: z.string(),
    startDate: z.string().describe('YYYY-MM-DD'),
    endDate: z.string().describe('YYYY-MM-DD'),
    closed: z.boolean().describe('A closed timebox can no longer be assigned to tasks'),
  })
  .meta({ id: 'CalmTimebox' });
export const timeboxListSchema = z.array(timeboxSchema).meta({ id: 'CalmTimeboxList' });

export const teamSchema = z
  .strictObject({ id: z.string(), projectId: z.string(), name: z.string() })
  .meta({ id: 'CalmTeam' });
export const teamListSchema = z.array(teamSchema).meta({ id: 'CalmTeamList' });

export type ProjectView = z.output<typeof projectSchema>;
export type TimeboxView = z.output<typeof timeboxSchema>;
export type TeamView = z.output<typeof teamSchema>;

export const projectView = (row: ProjectRow): ProjectView => ({
  id: row.id,
  name: row.name,
  status: row.status,
  description: row.description,
});

export const timeboxView = (row: TimeboxRow): TimeboxView => ({
  id: row.id,
  projectId: row.project_id,
  type: row.type,
  name: row.name,
  startDate: row.start_date,
  endDate: row.end_date,
  closed: row.closed === 1,
});

export const teamView = (row: TeamRow): TeamView => ({ id: row.id, projectId: row.project_id, name: row.name });
