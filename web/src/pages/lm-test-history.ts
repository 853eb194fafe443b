/**
 * The service-key page's Test history: the last 50 Test Service Key results of the tenant (manual and scheduled,
 * newest first) with the step that failed, and when the schedule tests the key next. Times are shown in the
 * browser's locale and time zone. Any Security role of the tenant sees it (GET .../service-key/tests).
 */
import { answer, api, type Schemas } from '../api';
import { h, replace } from '../dom';
import { errorStrip, strip, table } from '../ui/kit';
import { formatDateTime, timeElement, withLocalTimes } from '../ui/date-time';
import { statusBadge, stepName } from './lm-common';

type History = Schemas['KeyTestHistory'];

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

  async function reload(): Promise<void> {
    let history: History;
    try {
      history = await answer(api.GET(TESTS, { params: { path: { tenantId } } }));
    } catch (error) {
      replace(content, errorStrip(error));
      return;
    }
    replace(
      content,
      strip('Information', h('span', { id: 'test-schedule' }, scheduleText(history.schedule))),
      table({
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
        rows: history.items.map((i) => [
          timeElement(i.at, 'seconds'),
          i.trigger === 'scheduled' ? 'Scheduled' : 'Manual',
          i.by,
          statusBadge(i.status),
          i.failedStep ? stepName(i.failedStep) : '—',
          h('span', { class: 'muted' }, withLocalTimes(i.reason ?? i.summary)),
        ]),
      }),
      h(
        'span',
        { class: 'muted' },
        `${history.items.length} result${history.items.length === 1 ? '' : 's'}; the last ${history.limit} are kept.`,
      ),
    );
  }

  return { element, reload };
}
