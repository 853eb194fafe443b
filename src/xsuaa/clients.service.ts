/**
 * Identity zones, OAuth clients and their credentials, as the BTP control plane creates them.
 * Functions take an executor so that a binding and the credential it mints commit together.
 * Revoking a credential or a client makes the next token request fail at once; tokens already issued
 * stay valid until they expire, as with XSUAA.
 */
import { newBindingSecret, newId, randomToken, sha256Hex } from '../crypto/index.js';
import { conflict, invalidInput, notFound, type Clock } from '../shared/index.js';
import { isUniqueViolation, type Executor } from '../store/index.js';
import type { VerifiedSecretCache } from './client-auth-cache.js';
import * as repo from './xsuaa.repo.js';
import { XSUAA_ERRORS } from './errors.js';

export type CredentialType = 'binding-secret' | 'instance-secret' | 'x509';
export const CREDENTIAL_TYPES: readonly CredentialType[] = ['binding-secret', 'instance-secret', 'x509'];

export interface NewClient {
  readonly zoneId: string;
  readonly clientId: string;
  readonly xsappname: string;
  readonly credentialTypes: readonly CredentialType[];
  readonly authorities: readonly string[];
  readonly serviceInstanceId?: string;
}

/**
 * `verifiedSecrets`: the token endpoint's cache of proven secrets (client-auth-cache.ts), emptied by every
 * revocation here before it commits, so that the next token request asks the database again.
 */
export function createClientRegistry(deps: { clock: Clock; verifiedSecrets?: VerifiedSecretCache }) {
  const now = () => deps.clock.now().toISOString();

  async function clientOrThrow(ex: Executor, clientId: string) {
    const client = await repo.findClient(ex, clientId);
    if (!client) throw notFound(XSUAA_ERRORS.oauth_client_not_found, clientId);
    return client;
  }

  return {
    async createZone(
      ex: Executor,
      input: { id?: string; subdomain: string; name: string },
    ): Promise<{ id: string; subdomain: string }> {
      if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(input.subdomain)) {
        throw invalidInput(
          XSUAA_ERRORS.bad_subdomain,
          'A subdomain has 1 to 63 lower-case letters, digits and "-", starting with a letter or digit.',
          [{ path: 'subdomain', message: 'lower-case letters, digits, -' }],
        );
      }
      const id = input.id ?? newId();
      try {
        await repo.insertZone(ex, { id, subdomain: input.subdomain, name: input.name, created_at: now() });
      } catch (error) {
        if (isUniqueViolation(error))
          throw conflict(XSUAA_ERRORS.zone_exists, `The subdomain "${input.subdomain}" is taken.`);
        throw error;
      }
      return { id, subdomain: input.subdomain };
    },

    async createClient(ex: Executor, input: NewClient): Promise<void> {
      if (!(await repo.findZoneById(ex, input.zoneId)))
        throw notFound(XSUAA_ERRORS.identity_zone_not_found, input.zoneId);
      try {
        await repo.insertClient(ex, {
          id: newId(),
          zone_id: input.zoneId,
          client_id: input.clientId,
          xsappname: input.xsappname,
          credential_types: JSON.stringify(input.credentialTypes),
          authorities: JSON.stringify(input.authorities),
          service_instance_id: input.serviceInstanceId ?? null,
          created_at: now(),
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw conflict(XSUAA_ERRORS.client_exists, `The client "${input.clientId}" exists already.`);
        throw error;
      }
    },

    /**
     * Mints a secret: `<bindingId>$<random>` for a binding secret, a random value for the instance secret. Returned once.
     * `fixedSecret` replaces the random one: only a seeded landscape passes it (deterministic keys in CI), no route does.
     */
    async addSecret(
      ex: Executor,
      input: {
        clientId: string;
        credentialType: 'binding-secret' | 'instance-secret';
        bindingId?: string;
        fixedSecret?: string;
      },
    ): Promise<{ credentialId: string; secret: string }> {
      const client = await clientOrThrow(ex, input.clientId);
      const credentialId = input.bindingId ?? newId();
      const secret =
        input.fixedSecret ??
        (input.credentialType === 'binding-secret' ? newBindingSecret(credentialId) : randomToken(32));
      await repo.insertCredential(ex, {
        id: newId(),
        client_pk: client.pk,
        credential_type: input.credentialType,
        binding_id: input.bindingId ?? null,
        secret_hash: sha256Hex(secret),
        cert_fingerprint: null,
        created_at: now(),
        expires_at: null,
      });
      return { credentialId, secret };
    },

    /**
     * Registers the instance secret of a client: one secret for all instance-secret bindings of the instance,
     * as in XSUAA ("the same for all bindings of the service instance ... valid as long as the instance
     * exists"). It has no binding id, so revoking a binding leaves it valid; revoking the client ends it.
     * The caller (btp/) generates it and keeps it sealed, because every new binding must carry it again.
     */
    async addInstanceSecret(ex: Executor, input: { clientId: string; secret: string }): Promise<void> {
      const client = await clientOrThrow(ex, input.clientId);
      await repo.insertCredential(ex, {
        id: newId(),
        client_pk: client.pk,
        credential_type: 'instance-secret',
        binding_id: null,
        secret_hash: sha256Hex(input.secret),
        cert_fingerprint: null,
        created_at: now(),
        expires_at: null,
      });
    },

    /** Registers an x509 client certificate (issued by the binding CA) by its SHA-256 fingerprint. */
    async addCertificate(
      ex: Executor,
      input: { clientId: string; bindingId: string; fingerprint256: string; expiresAt: Date },
    ): Promise<void> {
      const client = await clientOrThrow(ex, input.clientId);
      await repo.insertCredential(ex, {
        id: newId(),
        client_pk: client.pk,
        credential_type: 'x509',
        binding_id: input.bindingId,
        secret_hash: null,
        cert_fingerprint: input.fingerprint256,
        created_at: now(),
        expires_at: input.expiresAt.toISOString(),
      });
    },

    /** Revokes every credential of a binding (its secret or certificate). */
    async revokeBinding(ex: Executor, bindingId: string): Promise<number> {
      deps.verifiedSecrets?.changed();
      const result = await repo.revokeCredentialsOfBinding(ex, bindingId, now());
      deps.verifiedSecrets?.changed(); // also an answer read while this statement waited for the database
      return Number(result.numUpdatedRows);
    },

    async revokeClient(ex: Executor, clientId: string): Promise<boolean> {
      deps.verifiedSecrets?.changed();
      const result = await repo.revokeClient(ex, clientId, now());
      deps.verifiedSecrets?.changed();
      return Number(result.numUpdatedRows) > 0;
    },

    findZone: (ex: Executor, id: string) => repo.findZoneById(ex, id),
  };
}

export type ClientRegistry = ReturnType<typeof createClientRegistry>;
