/**
 * Which URLs a Cloud ALM key is expected to carry (docs/sap-sources.md §4), and the
 * local form that calm-keys mints (docs/ARCHITECTURE.md §1): one origin such as https://localhost:8443 serves
 * the token endpoint and the API, and `uaa.uaadomain` is that origin's host:port.
 */

/** `https://<region>.alm.cloud.sap` or `https://<tenant>.<region>.alm.cloud.sap`; SAP's examples use both. */
const ALM_API_HOST = /^(?:[a-z0-9-]+\.)?[a-z0-9-]+\.alm\.cloud\.sap$/;

export function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

const isApiPath = (url: URL): boolean =>
  (url.pathname === '/api' || url.pathname === '/api/') && url.search === '' && url.hash === '';

/** A real Cloud ALM API base URL. */
export function isAlmApiUrl(url: URL): boolean {
  return url.protocol === 'https:' && url.port === '' && ALM_API_HOST.test(url.hostname) && isApiPath(url);
}

/**
 * A key minted by calm-keys: the API is served from the same origin as the token endpoint, whose host:port
 * the key names in `uaa.uaadomain` (real keys name `authentication.<region>.hana.ondemand.com` there).
 */
export function isLocalApiUrl(url: URL, uaaDomain: string | undefined): boolean {
  return uaaDomain !== undefined && url.host === uaaDomain.toLowerCase() && isApiPath(url);
}

/**
 * `uaa.url` points at the key's own identity zone: `<zone>.authentication.<region>.hana.ondemand.com` on SAP,
 * `<zone>.<uaadomain>` on a zone-per-host deployment, or exactly `<uaadomain>` for a locally minted key
 * (one origin serves every zone there; the token endpoint finds the zone from the client).
 */
export function isTokenUrlOfZone(url: URL, zone: string, uaaDomain: string | undefined): boolean {
  const z = zone.toLowerCase();
  if (url.hostname.startsWith(`${z}.authentication.`)) return true;
  if (uaaDomain === undefined) return false;
  const domain = uaaDomain.toLowerCase();
  return url.host === domain || url.host === `${z}.${domain}`;
}
