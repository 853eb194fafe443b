/** A loopback webhook receiver and the signature check of the webhook tests (the reference library when installed). */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A receiver that answers the statuses queued in `answers` (then 204), and keeps what it got. */
export async function receiver(answers: number[]) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = answers.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/calm-keys`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// the reference implementation once the lead adds it as a dev dependency; until then the same check by hand
const referenceLibrary = existsSync(new URL('../../node_modules/standardwebhooks/package.json', import.meta.url));

export async function verify(secret: string, message: Received): Promise<unknown> {
  const headers = {
    'webhook-id': String(message.headers['webhook-id']),
    'webhook-timestamp': String(message.headers['webhook-timestamp']),
    'webhook-signature': String(message.headers['webhook-signature']),
  };
  if (referenceLibrary) {
    const { Webhook } = (await import('standardwebhooks' as string)) as {
      Webhook: new (s: string) => { verify(body: string, h: Record<string, string>): unknown };
    };
    return new Webhook(secret).verify(message.body, headers);
  }
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${message.body}`)
    .digest('base64');
  assert.ok(headers['webhook-signature'].split(' ').includes(`v1,${expected}`), 'the signature verifies');
  const age = Math.abs(Date.now() / 1000 - Number(headers['webhook-timestamp']));
  assert.ok(age < 300, `the timestamp is in seconds and recent (${age})`);
  return JSON.parse(message.body) as unknown;
}
