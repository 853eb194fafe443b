/**
 * The instance secret of a service instance: XSUAA's legacy credential type, "the same for all bindings of
 * the service instance", which "remains valid as long as the instance exists" (SAP BTP docs, "Service
 * Instance Secrets", loio 5578ec4). calm-keys keeps it sealed once on the instance, because every new
 * instance-secret binding must carry it again, and registers it with XSUAA once, without a binding id, so
 * that deleting a binding leaves it valid; deleting the instance (its client) ends it.
 */
import { randomToken, type SecretBox } from '../crypto/index.js';
import type { Tx } from '../store/index.js';
import type { ClientRegistry } from '../xsuaa/index.js';
import * as repo from './btp.repo.js';

/**
 * The instance's one instance secret. The first instance-secret binding mints it, seals it on the instance
 * and registers it, all in that binding's transaction; concurrent first bindings agree on one
 * (`claimInstanceSecret`), and only the one whose secret was stored registers it.
 */
export async function instanceSecret(
  tx: Tx,
  deps: { secrets: SecretBox; clients: ClientRegistry },
  instanceId: string,
  clientId: string,
): Promise<string> {
  const context = `service_instance_secret:${instanceId}`;
  const candidate = randomToken(32);
  const sealed = deps.secrets.seal(candidate, context);
  const stored = await repo.claimInstanceSecret(tx, instanceId, sealed);
  if (stored !== sealed) return deps.secrets.openText(stored, context);
  await deps.clients.addInstanceSecret(tx, { clientId, secret: candidate });
  return candidate;
}
