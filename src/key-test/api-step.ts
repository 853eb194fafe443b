/**
 * Step `api` (optional): does the Cloud ALM API accept the token? SAP documents no health or ping endpoint,
 * so one side-effect-free GET is made with the token and, when its answer alone proves nothing, the same GET
 * without it (the control). The Cloud ALM API authenticates before it routes, so only an answer that differs
 * from the control's 401 shows that the token, and not just the URL, was judged (README, "Decision"):
 *  - 401 (the token), 3xx (a log-on page), 5xx and network errors fail;
 *  - 404 fails: an API that authenticated the token knows its own read path, so endpoints.Api is wrong;
 *  - an HTML page, or JSON not shaped like the probed API's answer, fails;
 *  - 400 and other 4xx pass when the control is 401 (SAP's ABAP setup guide calls a 400 from a connection
 *    check normal); a 403 with a 401 control passes with a warning: the token was accepted, the read was not
 *    permitted (a key with write scopes only), so what the key can do was not proven.
 */
import type { EgressClient, EgressResponse } from '../egress/index.js';
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
  const scope = /scope="([^"]*)"/.exec(header)?.[1];
  return quoteServerText(
    [error, description, scope ? `needs ${scope}` : undefined].filter(Boolean).join(': '),
    secrets,
  );
}

const isHtml = (response: EgressResponse) =>
  /^text\/html|application\/xhtml/i.test(response.headers['content-type'] ?? '') ||
  /^\s*<(!doctype|html|head|body)/i.test(response.bodyText.slice(0, 200));

/**
 * Why a 200 is not an answer of the probed API, or undefined when it is one. For the default metrics path the
 * shapes of both APIs are known: OTLP `{resourceMetrics}` (protobuf-json), calm-keys' `{points}`, OpenMetrics
 * text (SAP's default format) or protobuf; for another path any JSON is taken.
 */
function notApiAnswer(response: EgressResponse, path: string): string | undefined {
  const type = (response.headers['content-type'] ?? '').toLowerCase();
  if (path !== DEFAULT_API_PROBE_PATH)
    return type.includes('json') && response.json() !== undefined
      ? undefined
      : `a ${type || 'body without a content type'} answer, not JSON`;
  if (type.includes('protobuf')) return undefined;
  if (type.startsWith('text/plain') || type.includes('openmetrics')) {
    const lines = response.bodyText.split('\n').filter((l) => l.trim() !== '');
    return lines.every((l) => /^(#|[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})?\s+\S+)/.test(l))
      ? undefined
      : 'text that is not in the OpenMetrics format';
  }
  const body = response.json();
  if (
    typeof body === 'object' &&
    body !== null &&
    (Array.isArray((body as Record<string, unknown>)['resourceMetrics']) ||
      Array.isArray((body as Record<string, unknown>)['points']))
  )
    return undefined;
  return body === undefined
    ? `a ${type || 'body without a content type'} answer`
    : 'JSON that is not a metrics answer (neither resourceMetrics nor points)';
}

export async function probeApi(
  accessToken: string,
  apiUrl: string,
  path: string,
  egress: EgressClient,
): Promise<StepOutcome<true>> {
  const url = probeUrl(apiUrl, path);
  if (url === undefined) return failed('endpoints.Api is not an http(s) URL');
  const target = targetOf(url);
  const call = `GET ${url.pathname}`;
  const get = (authorization?: string) =>
    egress.request({
      method: 'GET',
      url,
      headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) },
    });
  const notTheApi = 'is endpoints.Api the Cloud ALM API URL (https://<tenant>.<region>.alm.cloud.sap/api)?';
  try {
    const response = await get(`Bearer ${accessToken}`);
    const { status } = response;
    const challenge = bearerChallenge(response.headers['www-authenticate'], [accessToken]);
    const said = challenge ? `: ${challenge}` : '';
    if (status === 401) return failed(`the API at ${target} refused the token (401 for ${call}${said})`);
    if (status >= 300 && status < 400)
      return failed(
        `the API at ${target} redirected ${call} (${status}) instead of accepting the bearer token; ${notTheApi}`,
      );
    if (status >= 500)
      return failed(`the API at ${target} answered ${call} with HTTP ${status}: a server-side problem`);
    if (status === 404)
      return failed(`${target} has no ${call} (404): this is not the Cloud ALM API's read path; ${notTheApi}`);
    if (status === 200 && isHtml(response))
      return failed(`${target} answered ${call} with an HTML page (HTTP 200), not the Cloud ALM API; ${notTheApi}`);

    const control = await get();
    if (control.status !== 401) {
      return failed(
        `${target} answers ${call} without a token too (HTTP ${control.status}; with the token HTTP ${status}), so its answer proves nothing about the token: ` +
          `the Cloud ALM API refuses a call without a token with 401; ${notTheApi}`,
      );
    }
    if (status === 403) {
      const warning = `token accepted but read not permitted: could not prove that the key can use the API beyond signing in (${call} is 403${said})`;
      return passed(
        `${warning}. The API at ${target} recognised the token (it answers 401 without one); the key's scopes do not include this read, which is normal for a key with ` +
          'write scopes only (e.g. metrics.write). The Test changes nothing, so pushing was not tried.',
        true,
        warning,
      );
    }
    if (status === 200) {
      const wrong = notApiAnswer(response, path);
      if (wrong)
        return failed(
          `${target} answered ${call} with ${wrong} (HTTP 200), not the Cloud ALM API's answer; ${notTheApi}`,
        );
    }
    return passed(`the API at ${target} accepted the token (HTTP ${status} for ${call}; 401 without the token)`, true);
  } catch (error) {
    return failed(`the API could not be reached: ${describeRequestFailure(error)}`);
  }
}
