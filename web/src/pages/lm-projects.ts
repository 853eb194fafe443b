/**
 * Projects of a tenant and each project's tasks, as clients of the Cloud ALM API (kanban4calm, the MCP servers,
 * SAP's notebooks) created and changed them through `/api/calm-projects/v1` and `/api/calm-tasks/v1`. Read only:
 * a browser has no bearer token, so the page reads `GET /lm/v1/tenants/{tenantId}/projects[/{id}/tasks]`.
 */
import { answer, api, seg, type Schemas } from '../api';
import { h } from '../dom';
import { href } from '../router';
import { formatDateTime } from '../ui/format';
import { facts, link, page, section, strip, table } from '../ui/kit';
import { currentTenant, lmCrumbs } from './lm-common';

type Task = Schemas['CalmTask'];
type Timebox = Schemas['CalmTimebox'];

const TYPES: Record<string, string> = {
  CALMTASK: 'Project Task',
  CALMTMPL: 'Roadmap Task',
  CALMUS: 'User Story',
  CALMST: 'Sub-task',
  CALMREQU: 'Requirement',
  CALMDEF: 'Defect',
  CALMRISK: 'Risk',
  CALMQGATE: 'Quality Gate',
  CALMCHKLI: 'Checklist Item',
};
const PRIORITIES: Record<number, string> = { 10: 'Very High', 20: 'High', 30: 'Medium', 40: 'Low' };
const TIMEBOXES = ['Milestone', 'Phase', 'Sprint'];

/** The words of a status code: CIPTKOPEN -> Open (the codes end in what they mean, by type). */
function statusText(code: string): { text: string; design: string } {
  if (/(OPEN|NEW)$/.test(code)) return { text: 'Open', design: 'Information' };
  if (/INP$/.test(code)) return { text: 'In Progress', design: 'Critical' };
  if (/BLK$/.test(code)) return { text: 'Blocked', design: 'Negative' };
  if (/REV$/.test(code)) return { text: 'In Review', design: 'Critical' };
  if (/(CLOSE|DONE)$/.test(code)) return { text: 'Done', design: 'Positive' };
  if (/(NO|NR)$/.test(code)) return { text: 'Not Relevant', design: 'Neutral' };
  return { text: code, design: 'Neutral' };
}

function statusTag(code: string): HTMLElement {
  const s = statusText(code);
  return h('ui5-tag', { design: s.design, tooltip: code, attrs: { 'data-status': code } }, s.text);
}

export async function projectsPage(tenantId: string): Promise<HTMLElement> {
  const tenant = await currentTenant(tenantId);
  const data = await answer(api.GET('/lm/v1/tenants/{tenantId}/projects', { params: { path: { tenantId } } }));
  return page(
    {
      title: 'Projects',
      crumbs: lmCrumbs(tenant),
      subtitle: `Tenant ${tenant.name} · as clients of the Projects and Tasks APIs wrote them`,
    },
    strip(
      'Information',
      'Clients create and change projects and tasks with a service key of this tenant (scopes calm-api.projects.* and calm-api.tasks.*); this page shows what they wrote.',
    ),
    table({
      id: 'projects',
      accessibleName: 'Projects',
      noDataText: 'No projects yet. A client creates one with POST /api/calm-projects/v1/projects.',
      columns: [
        { header: 'Name', minWidth: '12rem', importance: 10 },
        { header: 'Status', minWidth: '6rem', importance: 5 },
        { header: 'Tasks', minWidth: '5rem', importance: 4 },
      ],
      rows: data.items.map((p) => [
        h(
          'div',
          { class: 'stack' },
          link(p.name, href(`/lm/${seg(tenantId)}/projects/${seg(p.id)}`), { accessibleName: `Tasks of ${p.name}` }),
          p.description ? h('span', { class: 'muted' }, p.description) : null,
        ),
        h('ui5-tag', { design: p.status === 'O' ? 'Positive' : 'Neutral' }, p.status === 'O' ? 'Open' : 'Closed'),
        String(p.taskCount),
      ]),
    }),
  );
}

function timeboxLine(timeboxes: readonly Timebox[]): HTMLElement | null {
  if (timeboxes.length === 0) return null;
  return facts(
    timeboxes.map((b) => [
      `${TIMEBOXES[b.type] ?? 'Timebox'} ${b.name}`,
      `${b.startDate} – ${b.endDate}${b.closed ? ' (closed)' : ''}`,
    ]),
  );
}

function taskRow(task: Task, byId: ReadonlyMap<string, Task>): HTMLElement[] {
  const parent = task.parentId ? byId.get(task.parentId) : undefined;
  return [
    h(
      'div',
      { class: 'stack' },
      h('strong', {}, task.title),
      h(
        'span',
        { class: 'muted' },
        [TYPES[task.type] ?? task.type, parent ? `of ${parent.title}` : null, task.obsolete ? 'obsolete' : null]
          .filter(Boolean)
          .join(' · '),
      ),
    ),
    statusTag(task.status),
    h('span', {}, PRIORITIES[task.priorityId] ?? String(task.priorityId)),
    h('span', {}, task.assigneeName ?? '—'),
    h('span', {}, task.dueDate ?? '—'),
    h('span', {}, task.timeboxName ?? '—'),
    h('span', { class: 'muted' }, formatDateTime(task.lastChangedDate)),
  ];
}

export async function projectTasksPage(tenantId: string, projectId: string): Promise<HTMLElement> {
  const tenant = await currentTenant(tenantId);
  const data = await answer(
    api.GET('/lm/v1/tenants/{tenantId}/projects/{projectId}/tasks', { params: { path: { tenantId, projectId } } }),
  );
  const byId = new Map(data.items.map((t) => [t.id, t]));
  return page(
    {
      title: data.project.name,
      crumbs: [...lmCrumbs(tenant), { text: 'Projects', href: href(`/lm/${seg(tenantId)}/projects`) }],
      subtitle: `Project ${data.project.id} · ${data.project.status === 'O' ? 'open' : 'closed'}`,
    },
    data.truncated ? strip('Critical', `Only the first ${data.items.length} tasks are shown.`) : null,
    section('Timeboxes', 'timeboxes-title', timeboxLine(data.timeboxes) ?? h('span', { class: 'muted' }, 'None yet.')),
    section(
      'Tasks',
      'tasks-title',
      table({
        id: 'project-tasks',
        accessibleName: 'Tasks',
        noDataText: 'No tasks yet. A client creates one with POST /api/calm-tasks/v1/tasks.',
        columns: [
          { header: 'Title', minWidth: '14rem', importance: 10 },
          { header: 'Status', minWidth: '7rem', importance: 9 },
          { header: 'Priority', minWidth: '6rem' },
          { header: 'Assignee', minWidth: '10rem', importance: 3 },
          { header: 'Due', minWidth: '7rem', importance: 2 },
          { header: 'Timebox', minWidth: '7rem' },
          { header: 'Last Changed', minWidth: '10rem', importance: 1 },
        ],
        rows: data.items.map((t) => taskRow(t, byId)),
      }),
    ),
  );
}
