/**
 * No request may end the process. Runs `calm-keys serve` as a child process and sends bodies that no parser
 * reads (a 415, no Content-Type, a GET, HEAD or DELETE with a body), marked `Content-Encoding: gzip` but not
 * gzip, to every surface on both listeners; the process must still be running and answering afterwards.
 * (Issue 11: the gzip decoder's error was re-emitted on a stream nobody listened to, and node ended the process.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { rawRequest, startServeProcess } from './support/serve-process.js';

const paths = [
  '/api/calm-metrics/v1/metrics',
  '/api/calm-logs/v1/logs',
  '/api/landscape-management/v1/Registration',
  '/api/no-such-api',
  '/lm/v1/tenants',
  '/lm/v1/tenants/some-tenant/service-key',
  '/oauth/token',
  '/auth/v1/login',
  '/healthz',
  '/',
];

/** Request heads (without path) and the bodies they carry; none is valid gzip. */
const variants: { method: string; contentType: string | undefined; body: Buffer }[] = [
  { method: 'POST', contentType: 'application/octet-stream', body: Buffer.from('x') },
  {
    method: 'POST',
    contentType: 'application/x-unknown',
    body: Buffer.from('not gzip at all, and longer than a gzip header'),
  },
  { method: 'POST', contentType: undefined, body: Buffer.from('x') },
  { method: 'POST', contentType: '', body: Buffer.from('x') },
  { method: 'POST', contentType: 'application/json', body: gzipSync('{"a":1}').subarray(0, 12) },
  { method: 'PUT', contentType: 'application/octet-stream', body: Buffer.from('x') },
  { method: 'GET', contentType: undefined, body: Buffer.from('x') },
  { method: 'GET', contentType: 'application/json', body: Buffer.from('x') },
  { method: 'HEAD', contentType: 'application/octet-stream', body: Buffer.from('x') },
  { method: 'DELETE', contentType: 'application/octet-stream', body: Buffer.from('x') },
  { method: 'DELETE', contentType: undefined, body: Buffer.from('x') },
  { method: 'OPTIONS', contentType: 'text/plain', body: Buffer.from('x') },
  {
    method: 'POST',
    contentType: 'multipart/form-data; boundary=b',
    body: Buffer.from('--b\r\ncontent-disposition: form-data; name="file"\r\n\r\nx'),
  },
  { method: 'POST', contentType: 'multipart/form-data', body: Buffer.from('x') },
];

function head(method: string, path: string, host: string, contentType: string | undefined, length: number): string {
  const lines = [`${method} ${path} HTTP/1.1`, `host: ${host}`, 'content-encoding: gzip', `content-length: ${length}`];
  if (contentType !== undefined) lines.push(`content-type: ${contentType}`);
  return lines.join('\r\n');
}

test(
  'bodies that claim gzip but are not, and that no parser reads, never end the process (both listeners)',
  { timeout: 240_000 },
  async () => {
    const proc = await startServeProcess();
    try {
      const surfaces = [{ url: proc.url, paths }];
      if (proc.mtlsUrl) surfaces.push({ url: proc.mtlsUrl, paths: ['/oauth/token', '/no-such-path'] });
      let answered = 0;
      for (const surface of surfaces) {
        for (const path of surface.paths) {
          for (const v of variants) {
            const answer = await rawRequest(
              surface.url,
              proc.ca,
              head(v.method, path, surface.url.host, v.contentType, v.body.length),
              v.body,
            );
            assert.equal(
              proc.exited(),
              undefined,
              `the process ended after ${v.method} ${path} (${v.contentType}):\n${proc.stderr()}`,
            );
            if (answer.status !== undefined) {
              answered += 1;
              assert.ok(
                answer.status < 500,
                `${v.method} ${surface.url.port}${path} (${v.contentType}) answered ${answer.status}: ${answer.text.slice(0, 300)}`,
              );
            }
          }
        }
      }
      assert.ok(answered > 0, 'the requests were answered');
      // an error event is emitted a tick or two after the answer: give it time, then ask again
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(proc.exited(), undefined, `the process ended:\n${proc.stderr()}`);
      const health = await rawRequest(proc.url, proc.ca, `GET /healthz HTTP/1.1\r\nhost: ${proc.url.host}`);
      assert.equal(health.status, 200, health.text);
      if (proc.mtlsUrl) {
        const mtls = await rawRequest(
          proc.mtlsUrl,
          proc.ca,
          `POST /oauth/token HTTP/1.1\r\nhost: ${proc.mtlsUrl.host}\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 29`,
          'grant_type=client_credentials',
        );
        assert.equal(mtls.status, 401, mtls.text);
      }
      assert.doesNotMatch(proc.stderr(), /Unhandled|Emitted 'error'/);
    } finally {
      await proc.stop();
    }
  },
);
