/**
 * How a key is kept in the slot: the uploaded bytes, envelope-encrypted with the tenant and slot id as
 * context (a sealed value copied to another row does not open). Reading gives back the same bytes.
 */
import type { SecretBox } from '../crypto/index.js';
import { parseServiceKey, type JsonObject } from '../service-key/index.js';
import type { SlotRow } from './slot.repo.js';

const context = (tenantId: string, id: string) => `lm-service-key:${tenantId}:${id}`;

export function sealKey(secrets: SecretBox, tenantId: string, id: string, bytes: Buffer): string {
  return secrets.seal(bytes, context(tenantId, id));
}

export function openKey(
  secrets: SecretBox,
  row: Pick<SlotRow, 'tenant_id' | 'id' | 'key_sealed'>,
): { bytes: Buffer; text: string; document: JsonObject } {
  const bytes = secrets.open(row.key_sealed, context(row.tenant_id, row.id));
  const parsed = parseServiceKey(bytes);
  // A stored key passed the format check; failing to parse now means corruption, not a user error.
  if (!parsed.ok) throw new Error('a stored service key no longer parses');
  return { bytes, text: bytes.toString('utf8'), document: parsed.key.document };
}

/** `uaa.clientsecret` of a key that passed F3. */
export function clientSecretOf(document: JsonObject): string {
  const uaa = document['uaa'] as Record<string, unknown> | undefined;
  const secret = uaa?.['clientsecret'];
  return typeof secret === 'string' ? secret : '';
}

/** `<name>-service-key.txt`, with anything unusual in the name replaced so that the header stays plain. */
export function keyFileName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80) || 'cloud-alm';
  return `${safe}-service-key.txt`;
}

/** A binding secret reads `<binding id>$<random>`; the id before the `$` is not secret and names the binding. */
export function bindingIdOfSecret(secret: string): string | null {
  return /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\$/i.exec(secret)?.[1] ?? null;
}
