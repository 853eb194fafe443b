/**
 * Real loopback servers for tests of outbound HTTP: plain http, https with a certificate from a test CA,
 * and mTLS that requires client certificates from a client CA. Certificates are made once per process
 * (key generation is the slow part) by the project's own CA code.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createCertificateAuthority, issueCertificate, type PemPair } from '../../crypto/index.js';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

export interface TestServer {
  readonly port: number;
  /** `http(s)://127.0.0.1:<port>` (or `https://localhost:<port>` for TLS servers, matching the certificate). */
  readonly origin: string;
  /** Connections accepted so far (TCP level, before TLS). */
  connections(): number;
  close(): Promise<void>;
}

export interface TlsFixtures {
  /** Trust anchor for the server certificate. */
  readonly serverCa: PemPair;
  /** Certificate for `localhost` and `127.0.0.1`. */
  readonly server: PemPair;
  /** Certificate valid only for `elsewhere.example`, to provoke a host name mismatch. */
  readonly wrongHostServer: PemPair;
  /** CA the mTLS server trusts for client certificates. */
  readonly clientCa: PemPair;
  readonly clientA: PemPair;
  readonly clientB: PemPair;
  /** A client certificate from a CA nobody trusts. */
  readonly strangerClient: PemPair;
}

let fixtures: Promise<TlsFixtures> | undefined;

export function tlsFixtures(): Promise<TlsFixtures> {
  fixtures ??= (async () => {
    const serverCa = await createCertificateAuthority('test server CA');
    const clientCa = await createCertificateAuthority('test client CA');
    const otherCa = await createCertificateAuthority('test stranger CA');
    const serverCert = (dnsNames: string[], ipAddresses: string[]) =>
      issueCertificate(serverCa, {
        commonName: dnsNames[0] ?? 'server',
        dnsNames,
        ipAddresses,
        usage: 'server',
        validityDays: 2,
      });
    const client = (ca: PemPair, commonName: string) =>
      issueCertificate(ca, { commonName, usage: 'client', validityDays: 2 });
    return {
      serverCa,
      server: await serverCert(['localhost'], ['127.0.0.1']),
      wrongHostServer: await serverCert(['elsewhere.example'], []),
      clientCa,
      clientA: await client(clientCa, 'client-a'),
      clientB: await client(clientCa, 'client-b'),
      strangerClient: await client(otherCa, 'stranger'),
    };
  })();
  return fixtures;
}

function withBody(handler: Handler): http.RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  };
}

async function listen(server: http.Server, scheme: 'http' | 'https', host: string): Promise<TestServer> {
  let connections = 0;
  server.on('connection', () => (connections += 1));
  // a refused client certificate is the test's point, not a server problem
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `${scheme}://${host}:${port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function startHttpServer(handler: Handler): Promise<TestServer> {
  return listen(http.createServer(withBody(handler)), 'http', '127.0.0.1');
}

export interface HttpsServerOptions {
  readonly certificate?: PemPair;
  /** Require a client certificate issued by this CA (mTLS). */
  readonly clientCa?: PemPair;
}

export async function startHttpsServer(handler: Handler, options: HttpsServerOptions = {}): Promise<TestServer> {
  const f = await tlsFixtures();
  const certificate = options.certificate ?? f.server;
  const server = https.createServer(
    {
      cert: certificate.certificatePem,
      key: certificate.privateKeyPem,
      ...(options.clientCa
        ? { ca: [options.clientCa.certificatePem], requestCert: true, rejectUnauthorized: true }
        : {}),
    },
    withBody(handler),
  );
  return listen(server, 'https', 'localhost');
}

/** The common name of the client certificate of a request on an mTLS server. */
export function peerCommonName(req: http.IncomingMessage): string | undefined {
  const cn = (req.socket as TLSSocket).getPeerCertificate?.().subject?.CN;
  return typeof cn === 'string' ? cn : undefined;
}

/** A loopback port that was just free: bind, read the port, close. Connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
