/**
 * The one formatter of dates and times in the UI: the browser's own locale and time zone (Intl with no fixed
 * locale), never a raw ISO string. The API sends ISO 8601 times in UTC; pages pass them here as they come.
 */
const FORMATS = {
  minutes: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
  seconds: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }),
  date: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }),
  time: new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }),
};

export type DateTimePrecision = 'minutes' | 'seconds' | 'date';

/** A time from the API as people read it; `—` for none. A value that is no time is shown as it is. */
export function formatDateTime(iso: string | null | undefined, precision: DateTimePrecision = 'minutes'): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : FORMATS[precision].format(d);
}

/** Hours and minutes of an epoch time (chart axes). */
export function formatTime(ms: number): string {
  return FORMATS.time.format(new Date(ms));
}

/** A `<time>` element: the local text, the machine-readable instant in `datetime` for assistive tools and tests. */
export function timeElement(iso: string, precision: DateTimePrecision = 'minutes', id?: string): HTMLElement {
  const el = document.createElement('time');
  el.dateTime = iso;
  el.textContent = formatDateTime(iso, precision);
  if (id) el.id = id;
  return el;
}

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** A sentence of the server with the instants in it written in the browser's locale (a reason, a detail). */
export function withLocalTimes(text: string): string {
  return text.replace(ISO_INSTANT, (iso) => formatDateTime(iso, 'seconds'));
}

/** A calendar day of the API (`2023-06-12`, no time, no zone) in the browser's locale: that day, in no time zone. */
export function formatCalendarDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? FORMATS.date.format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : day;
}
