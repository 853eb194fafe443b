/**
 * The random part of a token (`jti`, 16 bytes), drawn from a buffer the CSPRNG refills
 * every 200 tokens: one `randomBytes` call per value cost about 20 µs of the main thread each (issue 15's
 * profile), the pooled draw a tenth of that. Node pools `randomUUID` the same way. Each byte is used once.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4000;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/** `bytes` fresh random bytes as lower-case hex. */
export function randomTokenHex(bytes: number): string {
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}
