/** Invented example keys in the shapes of docs/sap-sources.md §4 (a binding-secret and an x509 key), and a locally minted key, for tests. */
import { readFileSync } from 'node:fs';

type Json = Record<string, unknown>;

const read = (name: string): Buffer => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

/** Example A: binding-secret, eu10, zone acme-calm; valid. */
export const exampleABytes = (): Buffer => read('example-a-binding-secret.json');
/** Example B: x509, us10, zone globex-calm; LM refuses it (F3, F4). Its PEM bodies are fake and do not parse. */
export const exampleBBytes = (): Buffer => read('example-b-x509.json');
/** A key as calm-keys mints it: one origin https://localhost:8443, uaadomain localhost:8443. */
export const localKeyBytes = (): Buffer => read('local-binding-secret.json');

export const EXAMPLE_A_SECRET = '6f1c2a9e-0d4b-4e57-8a1f-3c9b7d2e5a10$Zk3vQ8uT1nR4yW7pL2sX9cF6hJ0mB5dA8eG3kN1qV4o=';
export const EXAMPLE_B_PRIVATE_KEY_BODY = 'MIIEFAKEFAKEFAKE';

/** A fresh, mutable copy of example A's object. */
export const exampleA = (): Json => JSON.parse(exampleABytes().toString('utf8')) as Json;
export const exampleB = (): Json => JSON.parse(exampleBBytes().toString('utf8')) as Json;

/** Example A with `uaa` fields replaced (`undefined` deletes the field), as JSON text. */
export function exampleAWith(uaaPatch: Json, topPatch: Json = {}): string {
  const key = exampleA();
  const uaa = key['uaa'] as Json;
  for (const [name, value] of Object.entries(uaaPatch)) {
    if (value === undefined) delete uaa[name];
    else uaa[name] = value;
  }
  for (const [name, value] of Object.entries(topPatch)) {
    if (value === undefined) delete key[name];
    else key[name] = value;
  }
  return JSON.stringify(key, null, 2);
}
