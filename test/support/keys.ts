/**
 * Mints service keys on a running test server through the XSUAA client registry, in the shape
 * docs/sap-sources.md §4 describes. (The BTP control plane creates them the same way once it exists.)
 */
import { randomUUID } from 'node:crypto';
import { certificateFingerprint, describeCertificatePem, issueCertificate } from '../../src/crypto/index.js';
import type { RunningServer } from '../../src/main.js';

export const MASTER = 'sapcloudalm!b4711';

export interface MintedKey {
  readonly key: { endpoints: { Api: string }; uaa: Record<string, string> };
  readonly zoneId: string;
  readonly bindingId: string;
}

async function zoneAndClient(
  server: RunningServer,
  options: {
    subdomain?: string;
    scopes?: string[];
    credentialTypes?: ('binding-secret' | 'instance-secret' | 'x509')[];
  },
) {
  const subdomain = options.subdomain ?? `zone-${randomUUID().slice(0, 8)}`;
  const zone = await server.xsuaa.clients.createZone(server.store.db, { subdomain, name: subdomain });
  const instanceId = randomUUID();
  const xsappname = `${subdomain}-monitoring!b${1000 + Math.floor(Math.random() * 9000)}|${MASTER}`;
  const clientId = `sb-${xsappname}`;
  const scopes = options.scopes ?? [
    `${MASTER}.calm-api.metrics.write`,
    `${MASTER}.calm-api.metrics.read`,
    'uaa.resource',
  ];
  await server.xsuaa.clients.createClient(server.store.db, {
    zoneId: zone.id,
    clientId,
    xsappname,
    credentialTypes: options.credentialTypes ?? ['binding-secret', 'x509'],
    authorities: scopes,
    serviceInstanceId: instanceId,
  });
  const host = new URL(server.publicUrl).host;
  const uaa: Record<string, string> = {
    clientid: clientId,
    url: server.publicUrl,
    identityzone: subdomain,
    identityzoneid: zone.id,
    tenantid: zone.id,
    tenantmode: 'shared',
    sburl: server.publicUrl,
    apiurl: server.publicUrl,
    xsappname,
    subaccountid: zone.id,
    uaadomain: host,
    zoneid: zone.id,
    serviceInstanceId: instanceId,
  };
  return { zone, clientId, uaa };
}

export async function mintSecretKey(
  server: RunningServer,
  options: { subdomain?: string; scopes?: string[] } = {},
): Promise<MintedKey> {
  const { zone, clientId, uaa } = await zoneAndClient(server, options);
  const bindingId = randomUUID();
  const { secret } = await server.xsuaa.clients.addSecret(server.store.db, {
    clientId,
    credentialType: 'binding-secret',
    bindingId,
  });
  return {
    key: {
      endpoints: { Api: `${server.publicUrl}/api` },
      uaa: { ...uaa, clientsecret: secret, 'credential-type': 'binding-secret' },
    },
    zoneId: zone.id,
    bindingId,
  };
}

export async function mintX509Key(server: RunningServer, options: { subdomain?: string } = {}): Promise<MintedKey> {
  if (!server.bindingCa || !server.mtlsUrl)
    throw new Error('x509 keys need TLS (the binding CA and the mTLS listener)');
  const { zone, clientId, uaa } = await zoneAndClient(server, options);
  const bindingId = randomUUID();
  const pair = await issueCertificate(server.bindingCa, {
    commonName: bindingId,
    subjectSuffix: `OU=${uaa.identityzone}`,
    usage: 'client',
    validityDays: 7,
    key: { kind: 'rsa', bits: 2048 },
  });
  const [leaf] = describeCertificatePem(pair.certificatePem);
  await server.xsuaa.clients.addCertificate(server.store.db, {
    clientId,
    bindingId,
    fingerprint256: certificateFingerprint(pair.certificatePem),
    expiresAt: leaf!.notAfter,
  });
  return {
    key: {
      endpoints: { Api: `${server.publicUrl}/api` },
      uaa: {
        ...uaa,
        certificate: `${pair.certificatePem.trimEnd()}\n${server.bindingCa.certificatePem.trimEnd()}\n`,
        key: pair.privateKeyPem,
        certurl: server.mtlsUrl,
        'credential-type': 'x509',
      },
    },
    zoneId: zone.id,
    bindingId,
  };
}
