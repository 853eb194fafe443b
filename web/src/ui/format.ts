/** Small texts as people read them. Dates and times: date-time.ts (the browser's locale and time zone). */
export { formatDateTime, formatTime } from './date-time';

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
