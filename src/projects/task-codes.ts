/**
 * The code lists of SAP Cloud ALM tasks: types, the statuses each type may take, priorities. Sources (README.md,
 * "Sources"): SAP's notebooks `calm-project-task-api.ipynb` (types CALMTMPL, CALMTASK, CALMUS; statuses CIPTKOPEN,
 * CIPTKINP, CIPTKBLK, CIPTKCLOSE, CIPTKNO, CIPUSOPEN, CIPUSINP; priorities 10/20/30/40, default 30) and
 * `calm-project-task-2022-02-updates.ipynb` (CALMST with a mandatory parentId), kanban4calm's swim lanes
 * (CIPTKOPEN, CIPTKINP, CIPTKCLOSE), and the code lists consetto/calmcp checked against SAP's spec
 * (`src/tools/constants.ts`: the other types and the per-type statuses).
 */

/** Types a client may create. Roadmap tasks, quality gates and checklist items come from templates in SAP Cloud ALM. */
export const CREATABLE_TYPES = ['CALMTASK', 'CALMUS', 'CALMST', 'CALMREQU', 'CALMDEF', 'CALMRISK'] as const;
/** Types that exist (the demo seeds roadmap tasks) but that the API does not create. */
export const TEMPLATE_TYPES = ['CALMTMPL', 'CALMQGATE', 'CALMCHKLI'] as const;
export type TaskType = (typeof CREATABLE_TYPES)[number] | (typeof TEMPLATE_TYPES)[number];

const TASK = ['CIPTKOPEN', 'CIPTKINP', 'CIPTKBLK', 'CIPTKCLOSE', 'CIPTKNO', 'CIPTKREV'] as const;

/** The statuses of each type; the first is the status a new task starts in. */
export const STATUSES_BY_TYPE: Readonly<Record<TaskType, readonly string[]>> = {
  CALMTASK: TASK,
  CALMTMPL: TASK,
  CALMST: TASK,
  CALMUS: ['CIPUSOPEN', 'CIPUSINP', 'CIPUSBLK', 'CIPUSCLOSE', 'CIPUSNO', 'CIPUSREV'],
  CALMREQU: ['CIPREQUOPEN', 'CIPREQUINP', 'CIPREQUBLK', 'CIPREQUCLOSE', 'CIPREQUNO'],
  CALMDEF: ['CIPDFCTOPEN', 'CIPDFCTINP', 'CIPDFCTBLK', 'CIPDFCTDONE'],
  CALMRISK: ['CIPRIOPEN', 'CIPRIINP', 'CIPRIDONE'],
  CALMQGATE: ['CIPQGOPEN', 'CIPQGBLK', 'CIPQGNR', 'CIPQGDONE'],
  CALMCHKLI: TASK,
};

/** 10 very high, 20 high, 30 medium (the default), 40 low. */
export const PRIORITIES = [10, 20, 30, 40] as const;
export const DEFAULT_PRIORITY = 30;

export const isTaskType = (value: string): value is TaskType => value in STATUSES_BY_TYPE;
export const initialStatus = (type: TaskType): string => STATUSES_BY_TYPE[type][0]!;
