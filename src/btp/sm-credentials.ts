/**
 * The key of a service-manager binding, in the flat shape SAP documents (*Create an SAP Service Manager
 * Instance and Binding*, `create-an-sap-service-manager-instance-and-binding-1ca5bbe.md` in
 * SAP-docs/btp-service-manager; the SAP BTP Service Operator's README shows the same two forms):
 * `clientid`, `clientsecret`, `url` (the XSUAA of the subaccount), `xsappname`, `sm_url`; for x509
 * `clientid`, `certificate`, `key`, `certurl`, `xsappname`, `sm_url` (no `url`, as SAP's example).
 * `sm_url` is this server's public origin: the Service Manager API answers at `<sm_url>/v1/...`.
 */
import type { Credential, KeyContext } from './service-key-builder.js';

export type SmServiceKeyDocument = Record<string, string>;

export function buildSmServiceKey(context: KeyContext, credential: Credential): SmServiceKeyDocument {
  const key: SmServiceKeyDocument = { clientid: context.clientId };
  if (credential.type === 'x509') {
    key.certificate = credential.certificatePem;
    key.key = credential.privateKeyPem;
    if (context.mtlsUrl) key.certurl = context.mtlsUrl;
  } else {
    key.clientsecret = credential.secret;
    key.url = context.publicUrl;
  }
  key.xsappname = context.xsappname;
  key.sm_url = context.publicUrl;
  return key;
}
