/**
 * The shapes of a start: what a caller may pass to `startServer` (`StartOptions`) and what a running server
 * hands back (`RunningServer`, read by `calm-keys serve` and the integration tests).
 */
import type { Writable } from 'node:stream';
import type { Btp, ProvisionedKeyPlacement } from '../btp/index.js';
import type { PemPair, SecretBox } from '../crypto/index.js';
import type { Logger } from '../http/index.js';
import type { Landscape } from '../landscape/index.js';
import type { Clock } from '../shared/index.js';
import type { Store } from '../store/index.js';
import type { ClientRegistry, SigningKeys, TokenVerifier } from '../xsuaa/index.js';

export interface StartOptions {
  readonly clock?: Clock;
  /** Where the start-up announcement goes (stdout by default). */
  readonly announce?: Writable;
  /** Where JSON log lines go (stdout by default); tests capture them. */
  readonly logDestination?: { write(line: string): void };
  /** Create the demo landscape on a first start (default true, false with a seed file). */
  readonly demo?: boolean;
  /** Replaces Landscape Management as the place where provisioning puts generated keys (tests of the BTP side). */
  readonly placement?: ProvisionedKeyPlacement;
}

export interface RunningServer {
  /** The URL the server listens on (the actual port when 0 was asked for). */
  readonly url: string;
  readonly port: number;
  /** The public base URL written into keys. */
  readonly publicUrl: string;
  readonly caFile: string | undefined;
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly logger: Logger;
  /** Base URL of the mTLS token endpoint (`uaa.certurl`), when TLS is on. */
  readonly mtlsUrl: string | undefined;
  /** The CA that issues x509 binding certificates (trusted by the mTLS listener). */
  readonly bindingCa: PemPair | undefined;
  readonly xsuaa: {
    readonly clients: ClientRegistry;
    readonly signingKeys: SigningKeys;
    readonly verifier: TokenVerifier;
  };
  readonly btp: Btp;
  readonly landscape: Landscape;
  /** Present only on the first start, when the administrator's password was generated. */
  readonly oneTimePassword: string | undefined;
  /** With --in-memory: the temporary data directory (master key, local CA), removed by `close()`. */
  readonly temporaryDataDir: string | undefined;
  /** Removes the temporary data directory at once, for an exit that cannot wait for `close()` (synchronous). */
  removeTemporaryData(): void;
  close(): Promise<void>;
}
