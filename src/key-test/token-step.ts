/**
 * Step `token`: ask the key's token server for a client_credentials token, exactly as @sap/xssec does
 * (docs/sap-sources.md §7): client_secret_post at `{url}/oauth/token`, or mTLS with the
 * key's certificate at `{certurl}/oauth/token` with only `client_id` in the body. Never Basic.
 */
import type { EgressClient, EgressResponse } from '../egress/index.js';
import { failed, passed, type StepOutcome } from './key-test.types.js';
import { secretsOf, type KeyUnderTest } from './key-under-test.js';
import { describeRequestFailure, oauthError, quoteServerText, targetOf } from './server-text.js';

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn?: number;
  /** From the token response's space-separated `scope`, when present. */
  readonly scopes?: readonly string[];
}

/** What RFC 6749 section 5.2 errors mean for someone testing a key. */
const OAUTH_ERRORS: Readonly<Record<string, string>> = {
  invalid_request: 'the token request is malformed or misses a parameter',
  invalid_client: 'the client is unknown or its authentication failed',
  invalid_grant: 'the grant was refused',
  unauthorized_client: 'this client may not use the client_credentials grant',
  unsupported_grant_type: 'the server does not offer the client_credentials grant',
  invalid_scope: 'a requested scope is unknown or not granted',
};

/** `new URL("/oauth/token", base)`, as xssec builds it: a path in the base URL is dropped. */
function tokenUrl(base: string): URL | undefined {
  try {
    return new URL('/oauth/token', base);
  } catch {
    return undefined;
  }
}

function interpret(
  response: EgressResponse,
  url: URL,
  usesCertificate: boolean,
  secrets: readonly string[],
): StepOutcome<IssuedToken> {
  const target = targetOf(url);
  const { status } = response;
  const json = response.json();
  const { error, description } = oauthError(json, secrets);

  if (status === 401) {
    const said = `401${error ? ` ${error}` : ''}${description ? `: ${description}` : ''}`;
    const cause = usesCertificate ? 'the certificate is not (or no longer) accepted' : 'the secret is wrong';
    return failed(
      `the token server refused the client credentials (${said}): the key may have been deleted in BTP or ${cause}`,
    );
  }
  if (status === 400 && error) {
    const meaning = OAUTH_ERRORS[error];
    const said = [description, meaning].filter(Boolean).join('; ');
    return failed(`the token server rejected the request (400 ${error}${said ? `: ${said}` : ''})`);
  }
  if (status >= 300 && status < 400) {
    const location = response.headers.location;
    let where = '';
    try {
      if (location) where = ` to ${targetOf(new URL(location, url))}`;
    } catch {
      where = '';
    }
    return failed(
      `unexpected HTTP ${status} from ${target}: a redirect${where}, not followed because a token request carries credentials`,
    );
  }
  if (status < 200 || status >= 300) return failed(`unexpected HTTP ${status} from ${target}`);

  const body = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : undefined;
  const accessToken = body?.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    return failed(`the token server at ${target} answered, but not with an OAuth token response (no access_token)`);
  }
  const tokenType = quoteServerText(body?.token_type, secrets);
  if (tokenType !== undefined && tokenType.toLowerCase() !== 'bearer') {
    return failed(`the token server at ${target} issued a token of type "${tokenType}", not a bearer token`);
  }
  // UAA sends a number; some servers send a numeric string, which clients accept as well
  const rawExpiresIn = body?.expires_in;
  const expiresInValue =
    typeof rawExpiresIn === 'number' || typeof rawExpiresIn === 'string' ? Number(rawExpiresIn) : NaN;
  const expiresIn = Number.isFinite(expiresInValue) && rawExpiresIn !== '' ? expiresInValue : undefined;
  const scopes = typeof body?.scope === 'string' ? body.scope.split(' ').filter(Boolean) : undefined;
  const facts = [
    expiresIn === undefined ? 'no expires_in' : `expires in ${expiresIn} s`,
    scopes === undefined ? undefined : `${scopes.length} scope${scopes.length === 1 ? '' : 's'}`,
  ].filter(Boolean);
  const how = usesCertificate ? ' over mTLS' : '';
  return passed(`obtained a bearer token${how} from ${target} (${facts.join(', ')})`, {
    accessToken,
    expiresIn,
    scopes,
  });
}

export async function requestToken(key: KeyUnderTest, egress: EgressClient): Promise<StepOutcome<IssuedToken>> {
  const usesCertificate = key.clientSecret === undefined;
  const base = usesCertificate ? key.certUrl : key.url;
  const field = usesCertificate ? 'uaa.certurl' : 'uaa.url';
  const url = base === undefined ? undefined : tokenUrl(base);
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return failed(`${field} is not an http(s) URL, so there is no token endpoint to call`);
  }
  if (usesCertificate && url.protocol !== 'https:') {
    return failed(`${field} must be an https URL: a client certificate can only be presented over TLS`);
  }

  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: key.clientId });
  if (!usesCertificate && key.clientSecret !== undefined) form.set('client_secret', key.clientSecret);
  const clientCertificate =
    usesCertificate && key.certificatePem !== undefined && key.privateKeyPem !== undefined
      ? { certificatePem: key.certificatePem, privateKeyPem: key.privateKeyPem }
      : undefined;
  try {
    const response = await egress.request({
      method: 'POST',
      url,
      headers: { accept: 'application/json' },
      body: form,
      ...(clientCertificate ? { clientCertificate } : {}),
    });
    return interpret(response, url, usesCertificate, secretsOf(key));
  } catch (error) {
    return failed(`no token: ${describeRequestFailure(error)}`);
  }
}
