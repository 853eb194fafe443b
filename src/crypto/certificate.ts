/** Reading X.509 certificates (PEM) for display and checks; issuing them is in ca.ts. */
import { X509Certificate } from 'node:crypto';

export interface CertificateDescription {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SHA-256 fingerprint as colon-separated hex, as browsers and openssl print it. */
  readonly fingerprintSha256: string;
  readonly subjectAltNames: readonly string[];
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Describes every certificate of a PEM chain, leaf first. Throws an Error when a block cannot be parsed. */
export function describeCertificatePem(pem: string): CertificateDescription[] {
  const blocks = pem.match(PEM_CERTIFICATE);
  if (!blocks || blocks.length === 0)
    throw new Error('no PEM certificate found (expected -----BEGIN CERTIFICATE-----)');
  return blocks.map((block, index) => {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch {
      throw new Error(`certificate ${index + 1} of the chain is not a valid X.509 certificate`);
    }
    return {
      subject: cert.subject.split('\n').join(', '),
      issuer: cert.issuer.split('\n').join(', '),
      serialNumber: cert.serialNumber,
      notBefore: new Date(cert.validFrom),
      notAfter: new Date(cert.validTo),
      fingerprintSha256: cert.fingerprint256,
      subjectAltNames: cert.subjectAltName ? cert.subjectAltName.split(', ') : [],
    };
  });
}

/** SHA-256 fingerprint (colon hex) of the first certificate in `pem`; the identity of an x509 client. */
export function certificateFingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}
