/**
 * Pushed metrics of one managed service or system as a line chart: what the Cloud ALM API received with
 * the tenant's key, read through Landscape Management (GET .../managed-objects/{id}/metrics).
 */
import { answer, api, seg, type Schemas } from '../api';
import { h, replace } from '../dom';
import { t, type TextKey } from '../i18n';
import { href } from '../router';
import { formatDateTime } from '../ui/format';
import { lineChart, type Series } from '../ui/chart';
import { button, errorStrip, page, strip, table } from '../ui/kit';
import { currentTenant, lmCrumbs } from './lm-common';

const PERIODS = [
  ['60M', 'lmMetrics.last60m'],
  ['6H', 'lmMetrics.last6h'],
  ['24H', 'lmMetrics.last24h'],
  ['7D', 'lmMetrics.last7d'],
] as const satisfies readonly (readonly [string, TextKey])[];

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
    { id: 'metrics-period', accessibleName: t('lmMetrics.period') },
    ...PERIODS.map(([value, key]) => h('ui5-option', { value, selected: value === chosenPeriod }, t(key))),
  );
  const metricSelect = h<Select>('ui5-select', { id: 'metrics-name', accessibleName: t('lmMetrics.metric') });
  const metricLabel = h('ui5-label', { for: 'metrics-name' }, t('lmMetrics.metric'));
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
      replace(area, strip('Information', t('lmMetrics.noMetrics')));
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
    const description = t(
      unit ? 'lmMetrics.chartUnit' : 'lmMetrics.chart',
      selected ?? '',
      points.length,
      formatDateTime(data.from),
      formatDateTime(data.to),
      unit,
    );
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
        { class: 'legend', attrs: { 'aria-label': t('lmMetrics.legend') } },
        ...series.map((s, i) =>
          h('li', {}, h('span', { class: `swatch c${i % 6}`, attrs: { 'aria-hidden': 'true' } }), s.label),
        ),
      ),
      table({
        accessibleName: t('lmMetrics.figuresOf', selected ?? ''),
        noDataText: t('lmMetrics.noPoints'),
        columns: [
          { header: t('lmMetrics.series'), minWidth: '10rem', importance: 10 },
          { header: t('lmMetrics.points'), minWidth: '4rem' },
          { header: unit ? t('lmMetrics.lastUnit', unit) : t('lmMetrics.last'), minWidth: '5rem', importance: 5 },
          { header: t('lmMetrics.min'), minWidth: '4rem' },
          { header: t('lmMetrics.max'), minWidth: '4rem' },
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
      title: data ? t('lmMetrics.metricsOf', data.name) : t('lmMetrics.metrics'),
      crumbs: [...lmCrumbs(tenant)],
      subtitle: t('lmMetrics.subtitle'),
    },
    h(
      'div',
      { class: 'toolbar' },
      h('ui5-label', { for: 'metrics-period' }, t('lmMetrics.period')),
      periodSelect,
      metricLabel,
      metricSelect,
      h('span', { class: 'grow' }),
      button(t('lmMetrics.refresh'), () => void load(), { icon: 'refresh' }),
    ),
    area,
    h('p', { class: 'muted' }, h('ui5-link', { href: href(`/lm/${seg(tenantId)}`) }, t('lmMetrics.back'))),
  );
}
