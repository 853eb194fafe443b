/**
 * Minting the credential of a new binding: the x509 certificate, issued before the transaction (key
 * generation never runs inside one, docs/ARCHITECTURE.md rule 6), and, inside the binding's transaction, its
 * registration in XSUAA: the certificate's fingerprint, the shared instance secret, or a secret of its own.
 */
import { certificateFingerprint, describeCertificatePem, issueCertificate } from '../crypto/index.js';
import { invalidInput } from '../shared/index.js';
import type { Tx } from '../store/index.js';
import type { CredentialType } from '../xsuaa/index.js';
import type { InstanceContext } from './instance-context.js';
import type { X509KeyLength } from './instance-parameters.js';
import { instanceSecret } from './instance-secret.js';
import type { Credential } from './service-key-builder.js';
import { BTP_ERRORS } from './errors.js';

export interface IssuedCertificate {
  readonly pair: { certificatePem: string; privateKeyPem: string };
  readonly fingerprint: string;
  readonly notAfter: Date;
}

/** The client certificate of an x509 binding, with its CA in the chain; refused without the mTLS listener. */
export async function issueBindingCertificate(
  ctx: InstanceContext,
  input: {
    bindingId: string;
    subdomain: string;
    mtlsUrl: string | undefined;
    x509: { keyLength: X509KeyLength; validityDays: number } | undefined;
  },
): Promise<IssuedCertificate> {
  const { deps, keyGeneration } = ctx;
  if (!deps.bindingCa || !input.mtlsUrl)
    throw invalidInput(
      BTP_ERRORS.x509_unavailable,
      'x509 bindings need the mTLS listener; start calm-keys with TLS on.',
      [{ path: 'parameters.credential-type', message: 'x509 unavailable' }],
    );
  const ca = deps.bindingCa;
  const pair = await keyGeneration.run(() =>
    issueCertificate(ca, {
      commonName: input.bindingId,
      subjectSuffix: `OU=${input.subdomain}, O=calm-keys`,
      usage: 'client',
      validityDays: input.x509?.validityDays ?? 7,
      key: { kind: 'rsa', bits: input.x509?.keyLength ?? 2048 },
    }),
  );
  const chain = `${pair.certificatePem.trimEnd()}\n${deps.bindingCa.certificatePem.trimEnd()}\n`;
  return {
    pair: { certificatePem: chain, privateKeyPem: pair.privateKeyPem },
    fingerprint: certificateFingerprint(pair.certificatePem),
    notAfter: describeCertificatePem(pair.certificatePem)[0]!.notAfter,
  };
}

/** Registers the binding's credential with the instance's XSUAA client, in the binding's transaction. */
export async function mintCredential(
  ctx: InstanceContext,
  tx: Tx,
  input: {
    bindingId: string;
    instance: { id: string; client_id: string };
    credentialType: CredentialType;
    certificate: IssuedCertificate | undefined;
    /** A binding secret given by a seeded landscape (src/main/seed/) instead of a random one. */
    fixedSecret?: string;
  },
): Promise<{ credential: Credential; fingerprint: string }> {
  const { clients, secrets } = ctx.deps;
  const { bindingId: id, instance, credentialType, certificate } = input;
  let credential: Credential;
  let fingerprint: string;
  if (certificate) {
    await clients.addCertificate(tx, {
      clientId: instance.client_id,
      bindingId: id,
      fingerprint256: certificate.fingerprint,
      expiresAt: certificate.notAfter,
    });
    credential = { type: 'x509', ...certificate.pair };
    fingerprint = secrets.fingerprint(certificate.fingerprint);
  } else if (credentialType === 'instance-secret') {
    const secret = await instanceSecret(tx, { secrets, clients }, instance.id, instance.client_id);
    credential = { type: 'instance-secret', secret };
    fingerprint = secrets.fingerprint(secret);
  } else {
    const minted = await clients.addSecret(tx, {
      clientId: instance.client_id,
      credentialType: 'binding-secret',
      bindingId: id,
      ...(input.fixedSecret === undefined ? {} : { fixedSecret: input.fixedSecret }),
    });
    credential = { type: 'binding-secret', secret: minted.secret };
    fingerprint = secrets.fingerprint(minted.secret);
  }
  return { credential, fingerprint };
}
