/**
 * How BTP and Landscape Management meet without importing each other (docs/ARCHITECTURE.md rule 1): a
 * deleted binding flags its copies in Landscape Management (btp's `binding.deleted` event), and provisioning
 * places its generated key in the slot through the `ProvisionedKeyPlacement` port.
 */
import type { BtpEventBus, ProvisionedKeyPlacement } from '../btp/index.js';
import type { Logger } from '../http/index.js';
import type { Landscape } from '../landscape/index.js';

/** Subscribes Landscape Management to btp's events and returns the placement btp is built with. */
export function connectLandscapeToBtp(
  events: BtpEventBus,
  landscape: Landscape,
  logger: Logger,
  override: ProvisionedKeyPlacement | undefined,
): ProvisionedKeyPlacement {
  events.on('binding.deleted', async (event) => {
    const flagged = await landscape.btpDeletions.onBindingDeleted(event);
    if (flagged.length > 0)
      logger.info(
        { bindingId: event.bindingId, tenants: flagged },
        'a deleted BTP binding left copies in Landscape Management; flagged them',
      );
  });
  return (
    override ?? {
      placeProvisionedKey: async (input) => {
        const outcome = await landscape.slot.placeProvisionedKey(input);
        if (!outcome.placed)
          logger.warn(
            { tenantId: input.tenantId, bindingId: input.bindingId, reason: outcome.reason },
            'provisioning could not place its key in Landscape Management',
          );
      },
    }
  );
}
