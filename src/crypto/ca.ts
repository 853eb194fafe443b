/**
 * A local certificate authority, so that calm-keys can serve HTTPS out of the box (SAP's @sap/xssec fetches
 * signing keys only over https) and issue X.509 client certificates for x509 bindings.
 * Built on @peculiar/x509 over WebCrypto; nothing shells out to openssl.
 */
import { webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
import * as x509 from '@peculiar/x509';
import { randomHex } from './random.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export type KeySpec = { readonly kind: 'ec' } | { readonly kind: 'rsa'; readonly bits: 2048 | 3072 | 4096 | 8192 };

export interface PemPair {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

export interface IssueOptions {
  readonly commonName: string;
  /** Extra subject attributes after CN, e.g. `O=calm-keys, OU=acme-calm`. */
  readonly subjectSuffix?: string;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly usage: 'server' | 'client';
  readonly validityDays: number;
  readonly key?: KeySpec;
  readonly now?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function algorithmFor(spec: KeySpec): webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams {
  return spec.kind === 'ec'
    ? ({ name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as webcrypto.EcKeyGenParams)
    : {
        name: 'RSASSA-PKCS1-v1_5',
        hash: 'SHA-256',
        publicExponent: new Uint8Array([1, 0, 1]),
        modulusLength: spec.bits,
      };
}

async function generateKeys(spec: KeySpec): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(algorithmFor(spec), true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return `${x509.PemConverter.encode(der, 'PRIVATE KEY').trimEnd()}\n`;
}

/** Serial numbers are positive 128-bit random values (RFC 5280 allows up to 20 octets). */
function serial(): string {
  return `01${randomHex(15)}`;
}

export async function createCertificateAuthority(
  commonName: string,
  validityDays = 3650,
  now = new Date(),
): Promise<PemPair> {
  const spec: KeySpec = { kind: 'ec' };
  const keys = await generateKeys(spec);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}, O=calm-keys`,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + validityDays * DAY_MS),
    signingAlgorithm: algorithmFor(spec),
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificatePem: `${cert.toString('pem').trimEnd()}\n`, privateKeyPem: await privateKeyPem(keys.privateKey) };
}

async function importCaKey(ca: PemPair, caCert: x509.X509Certificate): Promise<CryptoKey> {
  const der = x509.PemConverter.decodeFirst(ca.privateKeyPem);
  const algorithm = caCert.publicKey.algorithm as webcrypto.EcKeyImportParams | webcrypto.RsaHashedImportParams;
  return webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
}

/** Issues a leaf certificate signed by `ca`; returns it with its new private key (PKCS#8 PEM). */
export async function issueCertificate(ca: PemPair, options: IssueOptions): Promise<PemPair> {
  const now = options.now ?? new Date();
  const caCert = new x509.X509Certificate(ca.certificatePem);
  const signingKey = await importCaKey(ca, caCert);
  const spec = options.key ?? { kind: 'ec' };
  const keys = await generateKeys(spec);
  const names: x509.JsonGeneralName[] = [
    ...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([
      options.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
    ]),
    await x509.AuthorityKeyIdentifierExtension.create(caCert),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${options.commonName}${options.subjectSuffix ? `, ${options.subjectSuffix}` : ''}`,
    issuer: caCert.subject,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + options.validityDays * DAY_MS),
    signingAlgorithm: algorithmFor(
      caCert.publicKey.algorithm.name === 'ECDSA' ? { kind: 'ec' } : { kind: 'rsa', bits: 2048 },
    ),
    publicKey: keys.publicKey,
    signingKey,
    extensions,
  });
  return { certificatePem: `${cert.toString('pem').trimEnd()}\n`, privateKeyPem: await privateKeyPem(keys.privateKey) };
}
