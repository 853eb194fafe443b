/**
 * The seeded service keys, read the way an administrator gets them (SAP Service Manager's binding list, then the
 * BTP cockpit's key download), and client-credentials tokens for them, with the secret (client_secret_basic) or,
 * for an x509 key, over mTLS at its `certurl` with the key's certificate.
 */
import { Agent } from 'undici';
import type { AdminApi, BoundFetch } from './http.js';

/** A service key as BTP gives it: `endpoints.Api` and the `uaa` credentials. */
export interface ServiceKey {
  readonly endpoints: { readonly Api: string };
  readonly uaa: {
    readonly clientid: string;
    readonly clientsecret?: string;
    readonly certificate?: string;
    readonly key?: string;
    readonly url: string;
    readonly certurl?: string;
    readonly xsappname: string;
    readonly identityzone: string;
    readonly 'credential-type'?: string;
    readonly [field: string]: string | undefined;
  };
}

export interface TokenAnswer {
  readonly access_token: string;
  readonly token_type: string;
  readonly expires_in: number;
  readonly scope?: string;
  readonly jti?: string;
}

interface SmBinding {
  readonly id: string;
  readonly name: string;
  readonly service_instance_name?: string;
}

interface SmPage {
  readonly items: readonly SmBinding[];
  readonly token?: string;
}

/**
 * Every binding's key by its name. A name two instances both use is also kept under `<instance>/<binding>`,
 * and the bare name then refers to neither (keys.ts's caller says so), rather than to one of them by chance.
 */
export async function readSeededKeys(admin: AdminApi): Promise<Record<string, ServiceKey>> {
  const bindings: SmBinding[] = [];
  let page: SmPage | undefined;
  do {
    const next = page?.token ? `&token=${encodeURIComponent(page.token)}` : '';
    page = await admin.call<SmPage>('GET', `/v1/service_bindings?max_items=100${next}`);
    bindings.push(...page.items);
  } while (page.token);
  const counts = new Map<string, number>();
  for (const b of bindings) counts.set(b.name, (counts.get(b.name) ?? 0) + 1);
  const keys: Record<string, ServiceKey> = {};
  for (const binding of bindings) {
    const key = await admin.call<ServiceKey>('GET', `/btp/v1/service_bindings/${encodeURIComponent(binding.id)}/key`);
    if (counts.get(binding.name) === 1) keys[binding.name] = key;
    if (binding.service_instance_name) keys[`${binding.service_instance_name}/${binding.name}`] = key;
  }
  return keys;
}

/** POST <token endpoint> grant_type=client_credentials, as SAP's clients do for this key type. */
export async function requestToken(
  fetch: BoundFetch,
  key: ServiceKey,
  trustedCa: readonly string[],
): Promise<TokenAnswer> {
  const { uaa } = key;
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: uaa.clientid });
  let response;
  if (uaa.certificate && uaa.key) {
    const base = uaa.certurl ?? uaa.url;
    // the key's own certificate, trusting what the helper's fetch trusts
    const mtls = new Agent({ connect: { cert: uaa.certificate, key: uaa.key, ca: [...trustedCa] } });
    try {
      response = await fetch(`${base}/oauth/token`, { method: 'POST', body, dispatcher: mtls });
      return await answerOf(response, uaa.clientid);
    } finally {
      await mtls.close();
    }
  }
  const basic = Buffer.from(`${encodeURIComponent(uaa.clientid)}:${encodeURIComponent(uaa.clientsecret ?? '')}`);
  response = await fetch(`${uaa.url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic.toString('base64')}` },
    body,
  });
  return answerOf(response, uaa.clientid);
}

async function answerOf(response: Awaited<ReturnType<BoundFetch>>, clientId: string): Promise<TokenAnswer> {
  const text = await response.text();
  if (!response.ok)
    throw new Error(`The token endpoint refused client ${clientId}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as TokenAnswer;
}
