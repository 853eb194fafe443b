/**
 * The service-key page's Test history: the last 50 Test Service Key results of the tenant (manual and scheduled,
 * newest first) with the step that failed, and when the schedule tests the key next. Times are shown in the
 * browser's locale and time zone. Any Security role of the tenant sees it (GET .../service-key/tests).
 */
import { answer, api, type Schemas } from '../api';
import { h, replace } from '../dom';
import { errorStrip, strip, table } from '../ui/kit';
import { formatDateTime, timeElement, withLocalTimes } from '../ui/date-time';
import { tableToolbar, type TableToolbar } from '../ui/table-toolbar';
import { statusBadge, stepName } from './lm-common';

type History = Schemas['KeyTestHistory'];
type Result = History['items'][number];

const TESTS = '/lm/v1/tenants/{tenantId}/service-key/tests';

/** With seconds: scheduled Tests can be close together. */
const shown = (iso: string) => formatDateTime(iso, 'seconds');

function scheduleText(s: History['schedule']): string {
  if (!s.enabled) return 'Scheduled re-tests are off on this server.';
  const every =
    s.intervalSeconds % 3600 === 0
      ? `${s.intervalSeconds / 3600} h`
      : s.intervalSeconds % 60 === 0
        ? `${s.intervalSeconds / 60} min`
        : `${s.intervalSeconds} s`;
  return s.nextTestAt
    ? `The key is tested every ${every} (±10 %). Next scheduled Test: ${shown(s.nextTestAt)}.`
    : `The key is tested every ${every} (±10 %) while the slot holds a key.`;
}

export function testHistorySection(tenantId: string): { element: HTMLElement; reload(): Promise<void> } {
  const content = h('div', { class: 'stack' });
  const element = h(
    'ui5-panel',
    { fixed: true, accessibleRole: 'Region', accessibleName: 'Test history', id: 'test-history' },
    h(
      'div',
      { slot: 'header', class: 'toolbar panel-header' },
      h('h2', { class: 'section-title grow' }, 'Test history'),
    ),
    content,
  );

  const schedule = h('div');
  const summary = h('div');
  const area = h('div');
  let toolbar: TableToolbar<Result> | undefined;

  function resultsTable(items: readonly Result[]): HTMLElement {
    return table({
      id: 'test-history-table',
      accessibleName: 'Test history',
      noDataText: 'No Test results yet.',
      columns: [
        { header: 'Time', minWidth: '10rem', importance: 10 },
        { header: 'Trigger', minWidth: '7rem', importance: 6 },
        { header: 'By', minWidth: '6rem', importance: 5 },
        { header: 'Status', minWidth: '7rem', importance: 9 },
        { header: 'Failed step', minWidth: '7rem', importance: 8 },
        { header: 'Reason', minWidth: '14rem', importance: 7 },
      ],
      rows: items.map((i) => [
        timeElement(i.at, 'seconds'),
        i.trigger === 'scheduled' ? 'Scheduled' : 'Manual',
        i.by,
        statusBadge(i.status),
        i.failedStep ? stepName(i.failedStep) : '—',
        h('span', { class: 'muted' }, withLocalTimes(i.reason ?? i.summary)),
      ]),
    });
  }

  async function reload(): Promise<void> {
    let history: History;
    try {
      history = await answer(api.GET(TESTS, { params: { path: { tenantId } } }));
    } catch (error) {
      toolbar = undefined;
      replace(content, errorStrip(error));
      return;
    }
    replace(schedule, strip('Information', h('span', { id: 'test-schedule' }, scheduleText(history.schedule))));
    replace(
      summary,
      h(
        'span',
        { class: 'muted' },
        `${history.items.length} result${history.items.length === 1 ? '' : 's'}; the last ${history.limit} are kept.`,
      ),
    );
    if (toolbar) toolbar.update(history.items);
    else {
      toolbar = await tableToolbar({
        id: 'test-results',
        title: 'Results',
        level: 'H3',
        items: history.items,
        searchLabel: 'Search the Test history by trigger, person, status, step or reason',
        searchText: (i) => [
          i.trigger === 'scheduled' ? 'Scheduled' : 'Manual',
          i.by,
          { active: 'Active', failed: 'Failed', unknown: 'Unknown' }[i.status],
          i.failedStep ? stepName(i.failedStep) : undefined,
          i.reason ?? i.summary,
        ],
        sort: [
          { id: 'time', label: 'Time', value: (i) => i.at },
          { id: 'status', label: 'Status', value: (i) => i.status },
          { id: 'trigger', label: 'Trigger', value: (i) => i.trigger },
          { id: 'by', label: 'By', value: (i) => i.by },
        ],
        initialSort: { column: 'time', descending: true },
        render: resultsTable,
        empty: { title: 'No Test results yet', subtitle: 'Test Service Key, or the schedule, adds the first one.' },
      });
      replace(area, toolbar.element);
      replace(content, schedule, area, summary);
    }
  }

  return { element, reload };
}
