/**
 * Projects of a tenant and each project's tasks, as clients of the Cloud ALM API (kanban4calm, the MCP servers,
 * SAP's notebooks) created and changed them through `/api/calm-projects/v1` and `/api/calm-tasks/v1`. Read only:
 * a browser has no bearer token, so the page reads `GET /lm/v1/tenants/{tenantId}/projects[/{id}/tasks]`.
 */
import { answer, api, seg, type Schemas } from '../api';
import { h } from '../dom';
import { t, type TextKey } from '../i18n';
import { href } from '../router';
import { formatDateTime } from '../ui/format';
import { facts, link, page, section, strip, table } from '../ui/kit';
import { tableToolbar } from '../ui/table-toolbar';
import { currentTenant, headerFacts, lmCrumbs, tenantFacts, tenantGroupLabel } from './lm-common';

type Project = Schemas['TenantProjects']['items'][number];

const count = (n: number, id: string) => h('span', { class: 'count', id }, String(n));

type Task = Schemas['CalmTask'];
type Timebox = Schemas['CalmTimebox'];

const TYPES: Record<string, TextKey> = {
  CALMTASK: 'lmProjects.typeProjectTask',
  CALMTMPL: 'lmProjects.typeRoadmapTask',
  CALMUS: 'lmProjects.typeUserStory',
  CALMST: 'lmProjects.typeSubTask',
  CALMREQU: 'lmProjects.typeRequirement',
  CALMDEF: 'lmProjects.typeDefect',
  CALMRISK: 'lmProjects.typeRisk',
  CALMQGATE: 'lmProjects.typeQualityGate',
  CALMCHKLI: 'lmProjects.typeChecklistItem',
};
const PRIORITIES: Record<number, TextKey> = {
  10: 'lmProjects.priorityVeryHigh',
  20: 'lmProjects.priorityHigh',
  30: 'lmProjects.priorityMedium',
  40: 'lmProjects.priorityLow',
};
const TIMEBOXES: readonly TextKey[] = [
  'lmProjects.timeboxMilestone',
  'lmProjects.timeboxPhase',
  'lmProjects.timeboxSprint',
];

const typeWord = (type: string): string => (TYPES[type] ? t(TYPES[type]) : type);
const priorityWord = (id: number): string => (PRIORITIES[id] ? t(PRIORITIES[id]) : String(id));

type TaskState = 'open' | 'inProgress' | 'blocked' | 'inReview' | 'done' | 'notRelevant' | 'other';
const STATE_KEYS: Record<Exclude<TaskState, 'other'>, TextKey> = {
  open: 'lmProjects.statusOpen',
  inProgress: 'lmProjects.statusInProgress',
  blocked: 'lmProjects.statusBlocked',
  inReview: 'lmProjects.statusInReview',
  done: 'lmProjects.statusDone',
  notRelevant: 'lmProjects.statusNotRelevant',
};
const STATE_DESIGN: Record<TaskState, string> = {
  open: 'Information',
  inProgress: 'Critical',
  blocked: 'Negative',
  inReview: 'Critical',
  done: 'Positive',
  notRelevant: 'Neutral',
  other: 'Neutral',
};

/** What a status code means: CIPTKOPEN -> open (the codes end in what they mean, by type). */
function taskState(code: string): TaskState {
  if (/(OPEN|NEW)$/.test(code)) return 'open';
  if (/INP$/.test(code)) return 'inProgress';
  if (/BLK$/.test(code)) return 'blocked';
  if (/REV$/.test(code)) return 'inReview';
  if (/(CLOSE|DONE)$/.test(code)) return 'done';
  if (/(NO|NR)$/.test(code)) return 'notRelevant';
  return 'other';
}

/** The words of a status code, in the UI's language; a code this page does not know is shown as it comes. */
function statusText(code: string): { text: string; design: string } {
  const state = taskState(code);
  return { text: state === 'other' ? code : t(STATE_KEYS[state]), design: STATE_DESIGN[state] };
}

function statusTag(code: string): HTMLElement {
  const s = statusText(code);
  return h('ui5-tag', { design: s.design, tooltip: code, attrs: { 'data-status': code } }, s.text);
}

export async function projectsPage(tenantId: string): Promise<HTMLElement> {
  const tenant = await currentTenant(tenantId);
  const data = await answer(api.GET('/lm/v1/tenants/{tenantId}/projects', { params: { path: { tenantId } } }));
  const toolbar = await tableToolbar<Project>({
    id: 'projects-list',
    title: t('lmProjects.listTitle'),
    items: data.items,
    searchLabel: t('lmProjects.searchLabel'),
    searchText: (p) => [
      p.name,
      p.description ?? undefined,
      p.status === 'O' ? t('lmProjects.open') : t('lmProjects.closed'),
    ],
    sort: [
      { id: 'name', label: t('lmProjects.name'), value: (p) => p.name },
      { id: 'status', label: t('lmProjects.status'), value: (p) => (p.status === 'O' ? 0 : 1) },
      { id: 'tasks', label: t('lmProjects.tasks'), value: (p) => p.taskCount },
    ],
    empty: { title: t('lmProjects.emptyTitle'), subtitle: t('lmProjects.emptySubtitle') },
    render: (items) =>
      table({
        id: 'projects',
        accessibleName: t('lmProjects.listTitle'),
        noDataText: t('lmProjects.noData'),
        columns: [
          { header: t('lmProjects.name'), minWidth: '12rem', importance: 10 },
          { header: t('lmProjects.status'), minWidth: '6rem', importance: 5 },
          { header: t('lmProjects.tasks'), minWidth: '5rem', importance: 4 },
        ],
        rows: items.map((p) => [
          h(
            'div',
            { class: 'stack' },
            link(p.name, href(`/lm/${seg(tenantId)}/projects/${seg(p.id)}`), {
              accessibleName: t('lmProjects.tasksOf', p.name),
            }),
            p.description ? h('span', { class: 'muted' }, p.description) : null,
          ),
          h(
            'ui5-tag',
            { design: p.status === 'O' ? 'Positive' : 'Neutral' },
            p.status === 'O' ? t('lmProjects.open') : t('lmProjects.closed'),
          ),
          String(p.taskCount),
        ]),
      }),
  });
  return page(
    {
      title: t('lmProjects.listTitle'),
      crumbs: lmCrumbs(tenant),
      subtitle: t('lmProjects.subtitle'),
    },
    headerFacts(
      [
        ...tenantFacts(tenant),
        {
          label: t('lmProjects.factOpen'),
          value: count(data.items.filter((p) => p.status === 'O').length, 'fact-open-projects'),
        },
        {
          label: t('lmProjects.tasks'),
          value: count(
            data.items.reduce((n, p) => n + p.taskCount, 0),
            'fact-tasks',
          ),
        },
      ],
      tenantGroupLabel(tenant),
    ),
    strip('Information', t('lmProjects.note')),
    toolbar.element,
  );
}

function timeboxLine(timeboxes: readonly Timebox[]): HTMLElement | null {
  if (timeboxes.length === 0) return null;
  return facts(
    timeboxes.map((b) => [
      `${TIMEBOXES[b.type] ? t(TIMEBOXES[b.type]!) : t('lmProjects.timebox')} ${b.name}`,
      `${b.startDate} – ${b.endDate}${b.closed ? ` ${t('lmProjects.timeboxClosed')}` : ''}`,
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
        [
          typeWord(task.type),
          parent ? t('lmProjects.of', parent.title) : null,
          task.obsolete ? t('lmProjects.obsolete') : null,
        ]
          .filter(Boolean)
          .join(' · '),
      ),
    ),
    statusTag(task.status),
    h('span', {}, priorityWord(task.priorityId)),
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
  const done = data.items.filter((x) => taskState(x.status) === 'done').length;
  const toolbar = await tableToolbar<Task>({
    id: 'tasks',
    title: t('lmProjects.tasks'),
    items: data.items,
    searchLabel: t('lmProjects.tasksSearch'),
    searchText: (t) => [
      t.title,
      typeWord(t.type),
      statusText(t.status).text,
      t.assigneeName ?? undefined,
      t.timeboxName ?? undefined,
    ],
    sort: [
      { id: 'title', label: t('lmProjects.title'), value: (t) => t.title },
      { id: 'status', label: t('lmProjects.status'), value: (t) => statusText(t.status).text },
      { id: 'priority', label: t('lmProjects.priority'), value: (t) => t.priorityId },
      { id: 'assignee', label: t('lmProjects.assignee'), value: (t) => t.assigneeName ?? undefined },
      { id: 'due', label: t('lmProjects.due'), value: (t) => t.dueDate ?? undefined },
      { id: 'changed', label: t('lmProjects.lastChanged'), value: (t) => t.lastChangedDate },
    ],
    initialSort: { column: 'title' },
    empty: { title: t('lmProjects.tasksEmptyTitle'), subtitle: t('lmProjects.tasksEmptySubtitle') },
    render: (items) =>
      table({
        id: 'project-tasks',
        accessibleName: t('lmProjects.tasks'),
        noDataText: t('lmProjects.tasksNoData'),
        columns: [
          { header: t('lmProjects.title'), minWidth: '14rem', importance: 10 },
          { header: t('lmProjects.status'), minWidth: '7rem', importance: 9 },
          { header: t('lmProjects.priority'), minWidth: '6rem' },
          { header: t('lmProjects.assignee'), minWidth: '10rem', importance: 3 },
          { header: t('lmProjects.due'), minWidth: '7rem', importance: 2 },
          { header: t('lmProjects.timeboxCol'), minWidth: '7rem' },
          { header: t('lmProjects.lastChanged'), minWidth: '10rem', importance: 1 },
        ],
        rows: items.map((t) => taskRow(t, byId)),
      }),
  });
  return page(
    {
      title: data.project.name,
      crumbs: [...lmCrumbs(tenant), { text: t('lmProjects.listTitle'), href: href(`/lm/${seg(tenantId)}/projects`) }],
      subtitle: t('lmProjects.project', data.project.id),
    },
    headerFacts(
      [
        { label: t('lmProjects.tenant'), value: tenant.name, id: 'fact-tenant' },
        {
          label: t('lmProjects.status'),
          value: h(
            'ui5-tag',
            { design: data.project.status === 'O' ? 'Positive' : 'Neutral', id: 'fact-project-status' },
            data.project.status === 'O' ? t('lmProjects.open') : t('lmProjects.closed'),
          ),
        },
        { label: t('lmProjects.tasks'), value: count(data.items.length, 'fact-tasks') },
        { label: t('lmProjects.done'), value: count(done, 'fact-tasks-done') },
      ],
      t('lmProjects.project', data.project.name),
    ),
    data.truncated ? strip('Critical', t('lmProjects.truncated', data.items.length)) : null,
    section(
      t('lmProjects.timeboxes'),
      'timeboxes-title',
      timeboxLine(data.timeboxes) ?? h('span', { class: 'muted' }, t('lmProjects.noneYet')),
    ),
    toolbar.element,
  );
}
