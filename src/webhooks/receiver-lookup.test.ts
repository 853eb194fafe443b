/**
 * The name lookup of webhook deliveries: a host name on the allow-list that resolves to loopback or link-local
 * is refused at connect time, through the real egress client and a loopback receiver that gets nothing; the
 * same name resolving elsewhere, `localhost` and IP literals connect. A fake resolver plays DNS (the test
 * machine has none).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { LookupAddress } from 'node:dns';
import type { AddressInfo } from 'node:net';
import { createEgressClient } from '../egress/index.js';
import { isRefusedReceiverAddress, receiverLookup } from './receiver-lookup.js';

test('loopback, link-local and unspecified addresses are refused, in every spelling', () => {
  for (const [address, family] of [
    ['127.0.0.1', 4],
    ['127.1.2.3', 4],
    ['169.254.169.254', 4],
    ['0.0.0.0', 4],
    ['::1', 6],
    ['::', 6],
    ['fe80::1', 6],
    ['::ffff:127.0.0.1', 6],
    ['::ffff:169.254.169.254', 6],
  ] as const)
    assert.equal(isRefusedReceiverAddress(address, family), true, address);
  for (const [address, family] of [
    ['10.0.0.1', 4],
    ['203.0.113.7', 4],
    ['2001:db8::1', 6],
  ] as const)
    assert.equal(isRefusedReceiverAddress(address, family), false, address);
});

test('a delivery to a name resolving to loopback is refused before a byte is sent; localhost is not', async () => {
  let hits = 0;
  const server = createServer((req, res) => {
    hits += 1;
    req.resume();
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dns: Record<string, LookupAddress[]> = {
    'hooks.example.com': [{ address: '127.0.0.1', family: 4 }],
    localhost: [{ address: '127.0.0.1', family: 4 }],
    // unknown to the system's resolver: reaching it proves the egress client connects through this lookup
    'receiver.localhost': [{ address: '127.0.0.1', family: 4 }],
  };
  const lookup = receiverLookup((hostname, _options, callback) => callback(null, dns[hostname] ?? []));
  const egress = createEgressClient({
    allowHosts: ['hooks.example.com:*', 'localhost:*', 'receiver.localhost:*', '127.0.0.1:*'],
    lookup,
  });
  try {
    await assert.rejects(
      egress.request({ method: 'POST', url: `http://hooks.example.com:${port}/hook`, body: '{}' }),
      (error: Error) => /127\.0\.0\.1|refused|loopback/i.test(`${error.message} ${String(error.cause ?? '')}`),
    );
    assert.equal(hits, 0, 'the receiver on loopback got nothing');
    assert.equal(
      (await egress.request({ method: 'POST', url: `http://localhost:${port}/hook`, body: '{}' })).status,
      200,
    );
    assert.equal(
      (await egress.request({ method: 'POST', url: `http://127.0.0.1:${port}/hook`, body: '{}' })).status,
      200,
    );
    const viaLookup = await egress.request({ method: 'POST', url: `http://receiver.localhost:${port}/`, body: '{}' });
    assert.equal(viaLookup.status, 200);
    assert.equal(hits, 3);
  } finally {
    await egress.close();
    server.close();
  }
});
