/**
 * The query of `GET /tasks`, as a live tenant takes it (fr0ster/mcp-calm-server `CLAUDE.md` and `CHANGELOG.md`):
 * `projectId` is a required plain query parameter, and the OData options
 * `$filter`, `$select`, `$top` (and the other `$` options) answer 400 "not supported yet". The filters are
 * SAP's (notebook `calm-project-task-2022-02-updates.ipynb`: offset, limit, type, status, subStatus, assigneeId,
 * lastChangedDate as `gt:`/`lt:`/`eq:` + a date; `lastChangedTimestamp` and `id` comma-separated as consetto/calmcp
 * sends them).
 */
import { z } from 'zod';
import { invalidInput, parseCalendarDate, parseIsoTimestamp } from '../shared/index.js';
import { PROJECTS_ERRORS } from './errors.js';
import type { TaskFilter } from './tasks.repo.js';

/** The OData system query options a client may try; each is refused by name. */
export const ODATA_OPTIONS = [
  '$filter',
  '$select',
  '$top',
  '$skip',
  '$orderby',
  '$expand',
  '$count',
  '$search',
] as const;

/** Tasks one list answers at most when the client sends no `limit` (and the most it may ask for). */
export const MAX_TASKS_PER_LIST = 1000;

const text = (max: number) => z.string().max(max).optional();

/** Declared so that they reach the service, which refuses them by name (zod would drop unknown keys silently). */
const odataOptions = Object.fromEntries(
  ODATA_OPTIONS.map((option) => [option, text(4000).describe('Not supported yet (400)')]),
) as Record<(typeof ODATA_OPTIONS)[number], ReturnType<typeof text>>;

export const taskListQuery = z.object({
  projectId: text(100).describe('Required: the project whose tasks to list (a plain query parameter, not $filter)'),
  type: text(20),
  status: text(20),
  subStatus: text(40),
  assigneeId: text(254),
  lastChangedDate: text(20).describe('gt:, lt: or eq: and a date, e.g. gt:2022-02-01'),
  lastChangedTimestamp: text(50).describe('gt:, lt: or eq: and an ISO-8601 time with offset'),
  tags: z
    .union([z.string().max(200), z.array(z.string().max(200)).max(50)])
    .optional()
    .describe('Not supported by calm-keys: tasks carry no tags here (400)'),
  id: text(4000).describe('Comma-separated task ids'),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_TASKS_PER_LIST).optional(),
  ...odataOptions,
});
export type TaskListQuery = z.output<typeof taskListQuery>;

type Comparison = 'gt' | 'lt' | 'eq';

/** `gt:<value>`, `lt:<value>` or `eq:<value>`, as SAP's notebook sends `lastChangedDate=gt:2022-02-01`. */
function comparison(field: string, value: string, example: string): { op: Comparison; operand: string } {
  const match = /^(gt|lt|eq):(.+)$/.exec(value);
  if (!match)
    throw invalidInput(
      PROJECTS_ERRORS.bad_filter,
      `${field} "${value}" must be gt:, lt: or eq: followed by a value, e.g. ${example}.`,
      [{ path: field, message: `expected gt:, lt: or eq:, e.g. ${example}` }],
    );
  return { op: match[1] as Comparison, operand: match[2]! };
}

function lastChanged(value: string): TaskFilter['lastChanged'] {
  const { op, operand } = comparison('lastChangedDate', value, 'gt:2022-02-01');
  return { op, date: parseCalendarDate(operand, 'lastChangedDate', PROJECTS_ERRORS.bad_filter) };
}

function lastChangedAt(value: string): TaskFilter['lastChangedAt'] {
  const { op, operand } = comparison('lastChangedTimestamp', value, 'gt:2022-02-01T00:00:00Z');
  const at = parseIsoTimestamp(operand, 'lastChangedTimestamp', PROJECTS_ERRORS.bad_filter);
  return { op, at: new Date(at).toISOString() };
}

/** The SQL filter of a list query, or a 400: an OData option first (as a tenant answers), then a missing project. */
export function readTaskListQuery(query: TaskListQuery): TaskFilter {
  const record = query as Record<string, unknown>;
  const option = ODATA_OPTIONS.find((name) => record[name] !== undefined);
  if (option)
    throw invalidInput(
      PROJECTS_ERRORS.query_option_not_supported,
      `The query option ${option} is not supported yet. Filter with the query parameters projectId, type, status, ` +
        'subStatus, assigneeId, lastChangedDate, lastChangedTimestamp and id, and page with offset and limit.',
      [{ path: option, message: 'not supported yet' }],
    );
  if (query.tags !== undefined)
    throw invalidInput(
      PROJECTS_ERRORS.bad_filter,
      'The tags filter is not supported by calm-keys: its tasks carry no tags. Leave it out.',
      [{ path: 'tags', message: 'not supported by calm-keys' }],
    );
  if (!query.projectId)
    throw invalidInput(
      PROJECTS_ERRORS.project_id_required,
      'Name the project: GET /tasks?projectId=<project id> (a plain query parameter, not $filter).',
      [{ path: 'projectId', message: 'is required' }],
    );
  const ids = query.id
    ?.split(',')
    .map((one) => one.trim())
    .filter((one) => one.length > 0);
  return {
    projectId: query.projectId,
    ...(ids && ids.length > 0 ? { ids } : {}),
    ...(query.type ? { type: query.type } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.subStatus ? { subStatus: query.subStatus } : {}),
    ...(query.assigneeId ? { assigneeId: query.assigneeId } : {}),
    ...(query.lastChangedDate ? { lastChanged: lastChanged(query.lastChangedDate) } : {}),
    ...(query.lastChangedTimestamp ? { lastChangedAt: lastChangedAt(query.lastChangedTimestamp) } : {}),
    offset: query.offset ?? 0,
    limit: query.limit ?? MAX_TASKS_PER_LIST,
  };
}
