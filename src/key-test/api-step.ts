/**
 * Step `api` (optional): does the Cloud ALM API accept the token? SAP documents no health or ping
 * endpoint, so one GET to a side-effect-free read path is made and judged by status only:
 *  - 401 and 403: refused (401: the token; 403: this key's scopes do not cover the probe path);
 *  - 3xx: refused; an API that accepts a bearer token answers, an unauthenticated one redirects to a log-on;
 *  - 5xx and network errors: failed, the API is not usable right now;
 *  - anything else (200, 400, 404, ...) means the request got past authentication. SAP's ABAP setup guide
 *    calls a 400 from a connection check normal for the same reason.
 */
import type { EgressClient } from '../egress/index.js';
import { failed, passed, type StepOutcome } from './key-test.types.js';
import { describeRequestFailure, quoteServerText, targetOf } from './server-text.js';

/**
 * The read endpoint of SAP's "Raw Data Inbound Metrics API" without query parameters: documented for every
 * tenant, side-effect free, and a real tenant answers a request that passed authentication with 400.
 */
export const DEFAULT_API_PROBE_PATH = '/calm-metrics/v1/metrics';

export function probeUrl(apiUrl: string, path: string): URL | undefined {
  try {
    const url = new URL(`${apiUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** `error_description` from a `WWW-Authenticate: Bearer error="...", error_description="..."` header. */
function bearerChallenge(header: string | undefined, secrets: readonly string[]): string | undefined {
  if (header === undefined) return undefined;
  const error = /error="([^"]*)"/.exec(header)?.[1];
  const description = /error_description="([^"]*)"/.exec(header)?.[1];
  return quoteServerText([error, description].filter(Boolean).join(': '), secrets);
}

export async function probeApi(accessToken: string, apiUrl: string, path: string, egress: EgressClient): Promise<StepOutcome<true>> {
  const url = probeUrl(apiUrl, path);
  if (url === undefined) return failed('endpoints.Api is not an http(s) URL');
  const target = targetOf(url);
  const call = `GET ${url.pathname}`;
  try {
    const response = await egress.request({
      method: 'GET',
      url,
      headers: { accept: 'application/json', authorization: `Bearer ${accessToken}` },
    });
    const { status } = response;
    const challenge = bearerChallenge(response.headers['www-authenticate'], [accessToken]);
    const said = challenge ? `: ${challenge}` : '';
    if (status === 401) return failed(`the API at ${target} refused the token (401 for ${call}${said})`);
    if (status === 403) {
      return failed(`the API at ${target} accepted the sign-in but refused ${call} (403${said}): the key's scopes do not cover this path`);
    }
    if (status >= 300 && status < 400) {
      return failed(`the API at ${target} redirected ${call} (${status}) instead of accepting the bearer token; is endpoints.Api the API URL?`);
    }
    if (status >= 500) return failed(`the API at ${target} answered ${call} with HTTP ${status}: a server-side problem`);
    return passed(`the API at ${target} accepted the token (HTTP ${status} for ${call})`, true);
  } catch (error) {
    return failed(`the API could not be reached: ${describeRequestFailure(error)}`);
  }
}
