/**
 * Landscape Management's staged rotation meets BTP here (docs/ARCHITECTURE.md rule 1: landscape/ does not
 * import btp/): the `RotationBindings` port, filled from btp's instance service. Landscape Management is built
 * before BTP (BTP takes its placement port), so the port reads `btp` when it is called, not when it is made.
 */
import type { Btp } from '../btp/index.js';
import type { RotationBindings } from '../landscape/index.js';

export function createRotationBindings(btp: () => Btp): RotationBindings {
  return {
    async find(subaccountId, bindingId, clientId, secretFingerprint) {
      const found = await btp().instances.findBindingIn(subaccountId, bindingId);
      // the key must be this binding's: an uploaded key may name a binding id of another client, or of another
      // binding of the same instance whose secret it does not hold (rotating it would delete that binding)
      if (!found || found.clientId !== clientId) return undefined;
      if (secretFingerprint !== undefined && found.secretFingerprint !== secretFingerprint) return undefined;
      return {
        bindingId: found.id,
        instanceId: found.instanceId,
        name: found.name,
        credentialType: found.credentialType,
      };
    },
    async create(actor, input) {
      const credentialType = input.credentialType === 'x509' ? 'x509' : 'binding-secret';
      const created = await btp().instances.createBindingIn(actor, input.subaccountId, input.instanceId, {
        name: input.name,
        credentialType,
      });
      // the text of the key download (GET /btp/v1/service_bindings/{id}/key): indented by two, and a newline
      return { bindingId: created.id, keyText: `${JSON.stringify(created.credentials, null, 2)}\n` };
    },
    remove: (actor, input) => btp().instances.deleteBindingIn(actor, input.subaccountId, input.bindingId),
  };
}
