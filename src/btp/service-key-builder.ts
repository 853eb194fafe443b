/**
 * The service-key JSON of a binding, in the full shape of docs/sap-sources.md §4, with URLs clients can reach:
 * `url` and `uaadomain` name this server's public origin (the JWKS host @sap/xssec uses), `certurl` the mTLS
 * listener. Field order follows the BTP cockpit.
 */
export interface KeyContext {
  readonly publicUrl: string;
  readonly mtlsUrl: string | undefined;
  readonly subdomain: string;
  readonly zoneId: string;
  readonly clientId: string;
  readonly xsappname: string;
  readonly instanceId: string;
  /** PEM of the signing key that signs now (`verificationkey`, the offline fallback). */
  readonly verificationKey: string;
}

export type Credential =
  | { readonly type: 'binding-secret' | 'instance-secret'; readonly secret: string }
  | { readonly type: 'x509'; readonly certificatePem: string; readonly privateKeyPem: string };

export interface ServiceKeyDocument {
  endpoints: { Api: string };
  uaa: Record<string, string>;
}

export function buildServiceKey(context: KeyContext, credential: Credential): ServiceKeyDocument {
  const uaa: Record<string, string> = { clientid: context.clientId };
  if (credential.type === 'x509') {
    uaa.certificate = credential.certificatePem;
    uaa.key = credential.privateKeyPem;
    if (context.mtlsUrl) uaa.certurl = context.mtlsUrl;
  } else {
    uaa.clientsecret = credential.secret;
  }
  Object.assign(uaa, {
    url: context.publicUrl,
    identityzone: context.subdomain,
    identityzoneid: context.zoneId,
    tenantid: context.zoneId,
    tenantmode: 'shared',
    sburl: context.publicUrl,
    apiurl: context.publicUrl,
    verificationkey: context.verificationKey,
    xsappname: context.xsappname,
    subaccountid: context.zoneId,
    uaadomain: new URL(context.publicUrl).host,
    zoneid: context.zoneId,
    'credential-type': credential.type,
    serviceInstanceId: context.instanceId,
  });
  return { endpoints: { Api: `${context.publicUrl}/api` }, uaa };
}
