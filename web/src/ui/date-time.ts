/**
 * The one formatter of dates and times in the UI: the UI's locale (`intlLocale()`, i18n.ts: the browser's own
 * when it is of the UI's language, so en-GB and de-AT keep their ways) and the browser's time zone, never a raw
 * ISO string. The API sends ISO 8601 times in UTC; pages pass them here as they come.
 */
import { intlLocale } from '../i18n';

function makeFormats(locale: string) {
  return {
    locale,
    minutes: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
    seconds: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }),
    date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }),
    time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }),
  };
}
let formats: ReturnType<typeof makeFormats> | undefined;
/** Made on first use (the language is known by then), again if it changed. */
function currentFormats(): ReturnType<typeof makeFormats> {
  const locale = intlLocale();
  if (formats?.locale !== locale) formats = makeFormats(locale);
  return formats;
}

export type DateTimePrecision = 'minutes' | 'seconds' | 'date';

/** A time from the API as people read it; `—` for none. A value that is no time is shown as it is. */
export function formatDateTime(iso: string | null | undefined, precision: DateTimePrecision = 'minutes'): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : currentFormats()[precision].format(d);
}

/** Hours and minutes of an epoch time (chart axes). */
export function formatTime(ms: number): string {
  return currentFormats().time.format(new Date(ms));
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
  return m ? currentFormats().date.format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : day;
}
