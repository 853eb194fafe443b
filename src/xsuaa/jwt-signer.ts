/**
 * RS256 compact JWS with node:crypto, byte for byte what jose's `SignJWT` makes of the same header and claims
 * (`base64url(JSON.stringify(header)) "." base64url(JSON.stringify(claims))`, RSASSA-PKCS1-v1_5 over SHA-256,
 * which is deterministic): jose 6 signs through WebCrypto, which costs about a fifth more CPU per token than
 * node:crypto `sign` with the KeyObject (measured in issue 15), and a token server does little else.
 *
 * Where the RSA work runs (`CALM_KEYS_SIGNING`, resolved by `signingPlacement`):
 * - `threadpool`: `sign` with a callback, on libuv's threadpool, so that the main thread goes on parsing and
 *   answering requests while another core signs. Chosen when the process may use more than one CPU.
 * - `main-thread`: the synchronous `sign`, no thread hop: on a single CPU the threadpool only preempts the main
 *   thread and adds its hand-over to every token.
 * worker_threads were measured too and cost more than either (a message each way per token, about 150 µs of
 * CPU more than the threadpool): the RSA operation is the whole job, and libuv's threads already run it in parallel.
 * The private key never leaves this process's memory and is never logged.
 */
import { sign as rsaSign, type KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';

export type SigningPlacement = 'main-thread' | 'threadpool';
export type SigningSetting = SigningPlacement | 'auto';

/** `auto`: the threadpool when this process may use more than one CPU (`taskset`, cgroup limits count), else the main thread. */
export function signingPlacement(setting: SigningSetting, cpus: number = availableParallelism()): SigningPlacement {
  if (setting !== 'auto') return setting;
  return cpus > 1 ? 'threadpool' : 'main-thread';
}

export interface JwtHeader {
  readonly alg: 'RS256';
  readonly kid: string;
  readonly typ: 'JWT';
  readonly jku: string;
}

export type JwtSigner = (header: JwtHeader, claims: object, key: KeyObject) => Promise<string>;

const base64url = (json: string) => Buffer.from(json, 'utf8').toString('base64url');

export function createJwtSigner(placement: SigningPlacement): JwtSigner {
  // The header changes with the active key and the public URL only: encode it once per combination.
  let encodedHeader = { json: '', encoded: '' };
  const headerOf = (header: JwtHeader) => {
    const json = JSON.stringify(header);
    if (json !== encodedHeader.json) encodedHeader = { json, encoded: base64url(json) };
    return encodedHeader.encoded;
  };
  return (header, claims, key) => {
    const input = `${headerOf(header)}.${base64url(JSON.stringify(claims))}`;
    const data = Buffer.from(input, 'latin1'); // base64url is ASCII
    return new Promise((resolve, reject) => {
      // a key that cannot sign throws at once (in the executor, so the promise rejects) or in the callback
      if (placement === 'main-thread') {
        resolve(`${input}.${rsaSign('sha256', data, key).toString('base64url')}`);
        return;
      }
      rsaSign('sha256', data, key, (error, signature) => {
        if (error) reject(error);
        else resolve(`${input}.${signature.toString('base64url')}`);
      });
    });
  };
}
