/**
 * Every error code of the Projects and Tasks APIs (`/api/calm-projects/v1`, `/api/calm-tasks/v1`) and of their
 * read for people (`/lm/v1/tenants/{tenantId}/projects`), in one typed catalogue like landscape/errors.ts. A code
 * is stable once released: callers branch on it. This file imports nothing, so that any module may import it
 * (.dependency-cruiser.cjs, `error-catalogues-are-leaves`; docs/ARCHITECTURE.md, "An error code").
 */
export const PROJECTS_ERRORS = {
  project_not_found: 'project.not_found',
  timebox_not_found: 'timebox.not_found',
  task_not_found: 'task.not_found',
  reference_not_found: 'task_reference.not_found',
  /** `$filter`, `$select`, `$top`, ... on `/tasks`: a live tenant answers 400 "not supported yet". */
  query_option_not_supported: 'tasks.query_option_not_supported',
  /** `GET /tasks` without the plain query parameter `projectId`. */
  project_id_required: 'tasks.project_id_required',
  bad_filter: 'tasks.bad_filter',
  bad_type: 'tasks.bad_type',
  bad_status: 'tasks.bad_status',
  bad_date: 'tasks.bad_date',
  /** A sub-task (`CALMST`) needs `parentId`, a task of the same project that is not a sub-task itself. */
  bad_parent: 'tasks.bad_parent',
  /** `timeboxId` names no timebox of the task's project. */
  bad_timebox: 'tasks.bad_timebox',
  bad_timebox_dates: 'timebox.bad_dates',
} as const;

export type ProjectsErrorCode = (typeof PROJECTS_ERRORS)[keyof typeof PROJECTS_ERRORS];
