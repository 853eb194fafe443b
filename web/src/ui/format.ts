/** Dates and small texts as people read them; ISO times from the API are shown in the browser's time zone. */
const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

export function formatTime(ms: number): string {
  return time.format(new Date(ms));
}

/** Masks every secret-bearing field of a service key (clientsecret, key, password, ...), at any depth. */
const SECRET_FIELD = /secret|^key$|password|private/i;
export const MASK = '••••••••  (hidden)';

export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET_FIELD.test(k) && typeof v === 'string' ? MASK : maskSecrets(v),
      ]),
    );
  }
  return value;
}

export const pretty = (value: unknown) => JSON.stringify(value, null, 2);
