/**
 * Pushed metrics of one managed service or system as a line chart: what the Cloud ALM API received with
 * the tenant's key, read through Landscape Management (GET .../managed-objects/{id}/metrics).
 */
import { answer, api, seg, type Schemas } from '../api';
import { h, replace } from '../dom';
import { href } from '../router';
import { formatDateTime } from '../ui/format';
import { lineChart, type Series } from '../ui/chart';
import { button, errorStrip, page, strip, table } from '../ui/kit';
import { currentTenant, lmCrumbs } from './lm-common';

const PERIODS = [
  ['60M', 'Last 60 minutes'],
  ['6H', 'Last 6 hours'],
  ['24H', 'Last 24 hours'],
  ['7D', 'Last 7 days'],
] as const;

type Select = HTMLElement & { value: string };
type ManagedObjectMetrics = Schemas['ManagedObjectMetrics'];
type MetricPoint = ManagedObjectMetrics['points'][number];

const attributesLabel = (p: MetricPoint & { attributes?: unknown }) => {
  const attrs =
    p.attributes && typeof p.attributes === 'object' ? Object.entries(p.attributes as Record<string, unknown>) : [];
  return attrs.length ? attrs.map(([k, v]) => `${k}=${String(v)}`).join(', ') : '';
};

export async function metricsPage(tenantId: string, objectId: string, period: string): Promise<HTMLElement> {
  const tenant = await currentTenant(tenantId);
  const chosenPeriod = PERIODS.some(([p]) => p === period) ? period : '60M';
  const periodSelect = h<Select>(
    'ui5-select',
    { id: 'metrics-period', accessibleName: 'Period' },
    ...PERIODS.map(([value, text]) => h('ui5-option', { value, selected: value === chosenPeriod }, text)),
  );
  const metricSelect = h<Select>('ui5-select', { id: 'metrics-name', accessibleName: 'Metric' });
  const metricLabel = h('ui5-label', { for: 'metrics-name' }, 'Metric');
  const area = h('div', { attrs: { 'aria-live': 'polite' } });
  let data: ManagedObjectMetrics | undefined;
  let selected: string | undefined;

  async function load(): Promise<void> {
    try {
      const loaded = await answer(
        api.GET('/lm/v1/tenants/{tenantId}/managed-objects/{id}/metrics', {
          params: { path: { tenantId, id: objectId }, query: { period: periodSelect.value || chosenPeriod } },
        }),
      );
      data = loaded;
      if (!selected || !loaded.metrics.includes(selected)) selected = loaded.metrics[0];
      replace(
        metricSelect,
        ...loaded.metrics.map((name) => h('ui5-option', { value: name, selected: name === selected }, name)),
      );
      metricSelect.hidden = loaded.metrics.length === 0;
      metricLabel.hidden = metricSelect.hidden;
      draw();
    } catch (error) {
      replace(area, errorStrip(error));
    }
  }

  function draw(): void {
    if (!data) return;
    if (!selected) {
      replace(
        area,
        strip(
          'Information',
          'No metrics were pushed for this service in the period. Switch its monitoring on, then push data with the tenant’s service key (for example with calm-keys agent push).',
        ),
      );
      return;
    }
    const points = data.points.filter((p) => p.name === selected);
    const bySeries = new Map<string, { t: number; v: number }[]>();
    for (const p of points) {
      const key = attributesLabel(p);
      const list = bySeries.get(key) ?? [];
      list.push({ t: Date.parse(p.time), v: p.value });
      bySeries.set(key, list);
    }
    const series: Series[] = [...bySeries.entries()]
      .slice(0, 6)
      .map(([label, pts]) => ({ label: label || selected!, points: pts }));
    const unit = points[0]?.unit ?? '';
    const from = Date.parse(data.from);
    const to = Date.parse(data.to);
    const description = `Line chart of ${selected}${unit ? ` in ${unit}` : ''}, ${points.length} points from ${formatDateTime(data.from)} to ${formatDateTime(data.to)}`;
    const stats = series.map((s) => {
      const vs = s.points.map((p) => p.v);
      const last = [...s.points].sort((a, b) => a.t - b.t).at(-1);
      return [
        s.label,
        String(s.points.length),
        last ? String(last.v) : '—',
        String(Math.min(...vs)),
        String(Math.max(...vs)),
      ];
    });
    replace(
      area,
      data.truncated
        ? strip('Critical', 'Only the first points of this period are shown: choose a shorter period.')
        : null,
      h(
        'figure',
        { class: 'chart' },
        lineChart({ series, from, to, unit, description }),
        h('figcaption', { class: 'visually-hidden' }, description),
      ),
      h(
        'ul',
        { class: 'legend', attrs: { 'aria-label': 'Legend' } },
        ...series.map((s, i) =>
          h('li', {}, h('span', { class: `swatch c${i % 6}`, attrs: { 'aria-hidden': 'true' } }), s.label),
        ),
      ),
      table({
        accessibleName: `Figures of ${selected}`,
        noDataText: 'No points.',
        columns: [
          { header: 'Series', minWidth: '10rem', importance: 10 },
          { header: 'Points', minWidth: '4rem' },
          { header: `Last${unit ? ` (${unit})` : ''}`, minWidth: '5rem', importance: 5 },
          { header: 'Min', minWidth: '4rem' },
          { header: 'Max', minWidth: '4rem' },
        ],
        rows: stats,
      }),
    );
  }

  periodSelect.addEventListener('change', () => {
    window.history.replaceState(
      null,
      '',
      `#/lm/${seg(tenantId)}/objects/${seg(objectId)}/metrics?period=${periodSelect.value}`,
    );
    void load();
  });
  metricSelect.addEventListener('change', () => {
    selected = metricSelect.value;
    draw();
  });

  await load();
  return page(
    {
      title: data ? `Metrics: ${data.name}` : 'Metrics',
      crumbs: [...lmCrumbs(tenant)],
      subtitle: 'Pushed to the SAP Cloud ALM API with the tenant’s service key',
    },
    h(
      'div',
      { class: 'toolbar' },
      h('ui5-label', { for: 'metrics-period' }, 'Period'),
      periodSelect,
      metricLabel,
      metricSelect,
      h('span', { class: 'grow' }),
      button('Refresh', () => void load(), { icon: 'refresh' }),
    ),
    area,
    h('p', { class: 'muted' }, h('ui5-link', { href: href(`/lm/${seg(tenantId)}`) }, 'Back to Services and Systems')),
  );
}
