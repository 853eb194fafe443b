/**
 * The files behind calm-keys' default HTTPS: a local CA and a server certificate for localhost,
 * 127.0.0.1 and ::1 (plus the host of the public base URL), kept under `<dataDir>/tls/`.
 * Created on first start; the server certificate is re-issued when its names change or it nears expiry.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { createCertificateAuthority, issueCertificate, type PemPair } from './ca.js';

export interface LocalTls {
  readonly caFile: string;
  readonly ca: PemPair;
  readonly server: PemPair;
  /** What this call created, for the start-up announcement. */
  readonly created: readonly ('ca' | 'server-certificate')[];
}

const SERVER_VALIDITY_DAYS = 397; // the longest validity browsers accept for a server certificate
const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

function writeAtomic(path: string, content: string, mode: number): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode });
  renameSync(temp, path);
}

function readPair(certPath: string, keyPath: string): PemPair | undefined {
  if (!existsSync(certPath) || !existsSync(keyPath)) return undefined;
  return { certificatePem: readFileSync(certPath, 'utf8'), privateKeyPem: readFileSync(keyPath, 'utf8') };
}

function coversNames(pem: string, hosts: readonly string[], now: Date): boolean {
  const cert = new X509Certificate(pem);
  if (new Date(cert.validTo).getTime() - now.getTime() < RENEW_BEFORE_MS) return false;
  return hosts.every((host) => (isIP(host) ? cert.checkIP(host) : cert.checkHost(host)) !== undefined);
}

/** Loads the CA named `name` from `dir`, creating it when absent. */
export async function loadOrCreateCa(
  dir: string,
  name: string,
  commonName: string,
): Promise<{ ca: PemPair; created: boolean; caFile: string }> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}-key.pem`);
  const existing = readPair(caFile, keyFile);
  if (existing) return { ca: existing, created: false, caFile };
  const ca = await createCertificateAuthority(commonName);
  writeAtomic(keyFile, ca.privateKeyPem, 0o600);
  writeAtomic(caFile, ca.certificatePem, 0o644);
  return { ca, created: true, caFile };
}

export async function loadOrCreateLocalTls(
  dir: string,
  extraHosts: readonly string[] = [],
  now = new Date(),
): Promise<LocalTls> {
  const created: ('ca' | 'server-certificate')[] = [];
  const { ca, created: caCreated, caFile } = await loadOrCreateCa(dir, 'ca', 'calm-keys local CA');
  if (caCreated) created.push('ca');

  const hosts = [...new Set(['localhost', '127.0.0.1', '::1', ...extraHosts])];
  const certFile = join(dir, 'server.pem');
  const keyFile = join(dir, 'server-key.pem');
  let server = readPair(certFile, keyFile);
  if (caCreated || !server || !coversNames(server.certificatePem, hosts, now)) {
    server = await issueCertificate(ca, {
      commonName: 'localhost',
      dnsNames: hosts.filter((h) => !isIP(h)),
      ipAddresses: hosts.filter((h) => isIP(h)),
      usage: 'server',
      validityDays: SERVER_VALIDITY_DAYS,
      now,
    });
    writeAtomic(keyFile, server.privateKeyPem, 0o600);
    writeAtomic(certFile, server.certificatePem, 0o644);
    created.push('server-certificate');
  }
  return { caFile, ca, server, created };
}
