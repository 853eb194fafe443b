/**
 * A small SVG line chart (no charting library): time on x, value on y, one line per series, nice round
 * ticks. It is an image with a text alternative; the page shows the same figures in a table beside it.
 */
import { formatTime } from './format';

export interface Series {
  readonly label: string;
  readonly points: readonly { readonly t: number; readonly v: number }[];
}

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Round tick values covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw) || 1;
  const ticks: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 0.5; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const formatValue = (v: number) => (Math.abs(v) >= 10_000 ? v.toExponential(1) : Number(v.toPrecision(4)).toString());

export function lineChart(options: {
  series: readonly Series[];
  from: number;
  to: number;
  unit: string;
  description: string;
}): SVGSVGElement {
  const width = 800;
  const height = 320;
  const m = { top: 16, right: 20, bottom: 36, left: 60 };
  const values = options.series.flatMap((s) => s.points.map((p) => p.v));
  const yTicks = niceTicks(
    Math.min(...values, values.length ? Infinity : 0),
    Math.max(...values, values.length ? -Infinity : 1),
  );
  const yMin = yTicks[0] ?? 0;
  const yMax = yTicks[yTicks.length - 1] ?? 1;
  const span = Math.max(1, options.to - options.from);
  const x = (t: number) => m.left + ((t - options.from) / span) * (width - m.left - m.right);
  const y = (v: number) => height - m.bottom - ((v - yMin) / (yMax - yMin || 1)) * (height - m.top - m.bottom);

  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': options.description,
    preserveAspectRatio: 'xMidYMid meet',
  });
  root.appendChild(svg('title', {}, options.description));
  const grid = svg('g', { class: 'grid' });
  const axis = svg('g', { class: 'axis' });
  for (const v of yTicks) {
    grid.appendChild(svg('line', { x1: m.left, x2: width - m.right, y1: y(v), y2: y(v) }));
    axis.appendChild(svg('text', { x: m.left - 8, y: y(v) + 4, 'text-anchor': 'end' }, formatValue(v)));
  }
  for (let i = 0; i <= 5; i += 1) {
    const t = options.from + (span * i) / 5;
    axis.appendChild(svg('line', { x1: x(t), x2: x(t), y1: height - m.bottom, y2: height - m.bottom + 5 }));
    axis.appendChild(
      svg(
        'text',
        { x: x(t), y: height - m.bottom + 18, 'text-anchor': i === 0 ? 'start' : i === 5 ? 'end' : 'middle' },
        formatTime(t),
      ),
    );
  }
  axis.appendChild(svg('line', { x1: m.left, x2: width - m.right, y1: height - m.bottom, y2: height - m.bottom }));
  if (options.unit) axis.appendChild(svg('text', { x: 4, y: m.top - 4 }, options.unit));
  root.append(grid, axis);

  options.series.forEach((s, i) => {
    const sorted = [...s.points].sort((a, b) => a.t - b.t);
    const d = sorted.map((p, j) => `${j === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
    root.appendChild(svg('path', { d, class: `series c${i % 6}` }));
    if (sorted.length <= 60)
      for (const p of sorted)
        root.appendChild(
          svg('circle', {
            cx: x(p.t).toFixed(1),
            cy: y(p.v).toFixed(1),
            r: 2.5,
            class: `c${i % 6}`,
            fill: 'currentColor',
            stroke: 'none',
          }),
        );
  });
  return root;
}
