/**
 * HTTP Strict Transport Security on HTTPS answers (RFC 6797): a browser that saw it goes to this host over
 * HTTPS only, for max-age seconds. Not sent in plain-HTTP mode (CALM_KEYS_TLS=off: a browser ignores it over
 * HTTP anyway, and there is no HTTPS to go to).
 *
 * Without includeSubDomains: one origin serves every zone here, and other hosts under the same domain are not
 * ours to force onto HTTPS. Unless configured, not sent for a loopback public host (localhost, *.localhost,
 * 127.0.0.0/8, ::1): browsers keep the policy per host name, for every port, so HSTS from
 * https://localhost:8443 would turn every http://localhost:<port> of the machine (e.g. `npm run dev:web`) into
 * an HTTPS request that fails for a year, while loopback traffic never crosses a network that could strip TLS.
 */
import type { FastifyInstance } from 'fastify';

export const HSTS_DEFAULT_MAX_AGE_SECONDS = 31_536_000;

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '::1'
  );
}

/**
 * The header value for a listener whose browsers use `publicUrl`, or undefined for none. `maxAgeSeconds`
 * (CALM_KEYS_HSTS_MAX_AGE) applies to every host, loopback too; 0 sends `max-age=0`, which makes browsers
 * forget a policy they stored.
 */
export function hstsHeaderValue(publicUrl: string, maxAgeSeconds: number | undefined): string | undefined {
  const maxAge =
    maxAgeSeconds ?? (isLoopbackHost(new URL(publicUrl).hostname) ? undefined : HSTS_DEFAULT_MAX_AGE_SECONDS);
  return maxAge === undefined ? undefined : `max-age=${maxAge}`;
}

/** Adds the header to every answer of `app` (an HTTPS app only: the caller decides). */
export function installHsts(app: FastifyInstance, value: string | undefined): void {
  if (value === undefined) return;
  app.addHook('onSend', async (_request, reply) => {
    void reply.header('strict-transport-security', value);
  });
}
