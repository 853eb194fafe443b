/**
 * The service-key page's Test history: the last 50 Test Service Key results of the tenant (manual and scheduled,
 * newest first) with the step that failed, and when the schedule tests the key next. Times are shown in the
 * browser's locale and time zone. Any Security role of the tenant sees it (GET .../service-key/tests).
 */
import { answer, api, type Schemas } from '../api';
import { h, replace } from '../dom';
import { plural, t } from '../i18n';
import { errorStrip, strip, table } from '../ui/kit';
import { formatDateTime, timeElement, withLocalTimes } from '../ui/date-time';
import { tableToolbar, type TableToolbar } from '../ui/table-toolbar';
import { statusBadge, statusWord, stepName } from './lm-common';

type History = Schemas['KeyTestHistory'];
type Result = History['items'][number];

const TESTS = '/lm/v1/tenants/{tenantId}/service-key/tests';

/** With seconds: scheduled Tests can be close together. */
const shown = (iso: string) => formatDateTime(iso, 'seconds');

function scheduleText(s: History['schedule']): string {
  if (!s.enabled) return t('lmTestHistory.off');
  const every =
    s.intervalSeconds % 3600 === 0
      ? `${s.intervalSeconds / 3600} h`
      : s.intervalSeconds % 60 === 0
        ? `${s.intervalSeconds / 60} min`
        : `${s.intervalSeconds} s`;
  return s.nextTestAt
    ? t('lmTestHistory.scheduleNext', every, shown(s.nextTestAt))
    : t('lmTestHistory.scheduleEvery', every);
}

export function testHistorySection(tenantId: string): { element: HTMLElement; reload(): Promise<void> } {
  const content = h('div', { class: 'stack' });
  const element = h(
    'ui5-panel',
    { fixed: true, accessibleRole: 'Region', accessibleName: t('lmTestHistory.title'), id: 'test-history' },
    h(
      'div',
      { slot: 'header', class: 'toolbar panel-header' },
      h('h2', { class: 'section-title grow' }, t('lmTestHistory.title')),
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
      accessibleName: t('lmTestHistory.title'),
      noDataText: t('lmTestHistory.noData'),
      columns: [
        { header: t('lmTestHistory.time'), minWidth: '10rem', importance: 10 },
        { header: t('lmTestHistory.trigger'), minWidth: '7rem', importance: 6 },
        { header: t('lmTestHistory.by'), minWidth: '6rem', importance: 5 },
        { header: t('lmTestHistory.status'), minWidth: '7rem', importance: 9 },
        { header: t('lmTestHistory.failedStep'), minWidth: '7rem', importance: 8 },
        { header: t('lmTestHistory.reason'), minWidth: '14rem', importance: 7 },
      ],
      rows: items.map((i) => [
        timeElement(i.at, 'seconds'),
        i.trigger === 'scheduled' ? t('lmTestHistory.scheduled') : t('lmTestHistory.manual'),
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
        plural(history.items.length, 'lmTestHistory.resultKept', 'lmTestHistory.resultsKept', history.limit),
      ),
    );
    if (toolbar) toolbar.update(history.items);
    else {
      toolbar = await tableToolbar({
        id: 'test-results',
        title: t('lmTestHistory.results'),
        level: 'H3',
        items: history.items,
        searchLabel: t('lmTestHistory.searchLabel'),
        searchText: (i) => [
          i.trigger === 'scheduled' ? t('lmTestHistory.scheduled') : t('lmTestHistory.manual'),
          i.by,
          statusWord(i.status),
          i.failedStep ? stepName(i.failedStep) : undefined,
          i.reason ?? i.summary,
        ],
        sort: [
          { id: 'time', label: t('lmTestHistory.time'), value: (i) => i.at },
          { id: 'status', label: t('lmTestHistory.status'), value: (i) => i.status },
          { id: 'trigger', label: t('lmTestHistory.trigger'), value: (i) => i.trigger },
          { id: 'by', label: t('lmTestHistory.by'), value: (i) => i.by },
        ],
        initialSort: { column: 'time', descending: true },
        render: resultsTable,
        empty: { title: t('lmTestHistory.emptyTitle'), subtitle: t('lmTestHistory.emptySubtitle') },
      });
      replace(area, toolbar.element);
      replace(content, schedule, area, summary);
    }
  }

  return { element, reload };
}
