import type { AuditWriter } from '../audit/index.js';
import type { PemPair, SecretBox } from '../crypto/index.js';
import type { Clock } from '../shared/index.js';
import type { Db } from '../store/index.js';
import type { ClientRegistry, SigningKeys } from '../xsuaa/index.js';
import type { BtpEventBus } from './btp.events.js';
import type { KeyGenerationQueue } from './key-generation-queue.js';
import type { ProvisioningCutoffs } from './provisioning.js';

/**
 * Where provisioning places a generated key in Landscape Management (from 2023-06-14). main.ts passes an
 * adapter over the landscape module's slot (btp/ does not import landscape/); tests pass a recorder.
 */
export interface ProvisionedKeyPlacement {
  placeProvisionedKey(input: { tenantId: string; keyText: string; bindingId: string }): Promise<void>;
}

export interface BtpDeps {
  readonly db: Db;
  readonly audit: AuditWriter;
  readonly clock: Clock;
  readonly secrets: SecretBox;
  readonly clients: ClientRegistry;
  readonly signingKeys: SigningKeys;
  readonly events: BtpEventBus;
  readonly urls: { readonly public: () => string; readonly mtls: () => string | undefined };
  /** Issues x509 binding certificates; absent when TLS is off (then x509 bindings are refused). */
  readonly bindingCa: PemPair | undefined;
  readonly cutoffs: ProvisioningCutoffs;
  readonly landscape: ProvisionedKeyPlacement;
  /** Bounds concurrent x509 key generation; one with the default limits when absent. */
  readonly keyGeneration?: KeyGenerationQueue;
}
