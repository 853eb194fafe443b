/**
 * Reads how a client authenticates at the token endpoint: client_secret_basic (raw or form-encoded
 * credentials, `X-CF-ENCODED-CREDENTIALS: true`), client_secret_post, or mTLS (`client_id` in the body and
 * a client certificate on the connection). Using Basic and a body secret together is an error (RFC 6749
 * section 2.3: a client must not use more than one method).
 */
import { OAuthError } from './oauth-error.js';

export interface PeerCertificate {
  /** True when the TLS layer verified the chain against the binding CA. */
  readonly authorized: boolean;
  /** SHA-256 fingerprint (colon hex) of the leaf certificate. */
  readonly fingerprint256: string;
}

export type ClientAuthentication =
  | { readonly method: 'basic' | 'post'; readonly clientId: string; readonly secretCandidates: readonly string[] }
  | { readonly method: 'mtls'; readonly clientId: string; readonly certificate: PeerCertificate };

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function parseBasic(header: string, encoded: boolean): { ids: string[]; secrets: string[] } {
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0)
    throw new OAuthError('invalid_client', 'Bad credentials: the Basic authorization header has no "id:secret".', 401);
  const rawId = decoded.slice(0, colon);
  const rawSecret = decoded.slice(colon + 1);
  // RFC 6749 2.3.1 says form-encode id and secret before Basic; many clients (SAP's Java sample) send them raw.
  // With X-CF-ENCODED-CREDENTIALS the client says which; otherwise try raw first, then form-decoded.
  if (encoded) return { ids: [formDecode(rawId)], secrets: [formDecode(rawSecret)] };
  return { ids: [...new Set([rawId, formDecode(rawId)])], secrets: [...new Set([rawSecret, formDecode(rawSecret)])] };
}

export function readClientAuthentication(input: {
  authorization: string | undefined;
  cfEncodedCredentials: string | undefined;
  params: URLSearchParams;
  certificate: PeerCertificate | undefined;
}): ClientAuthentication[] {
  const bodyId = input.params.get('client_id') ?? undefined;
  const bodySecret = input.params.get('client_secret') ?? undefined;
  const basic = input.authorization?.toLowerCase().startsWith('basic ') ? input.authorization : undefined;

  if (basic && bodySecret !== undefined) {
    throw new OAuthError(
      'invalid_request',
      'The client authenticated twice: use either the Basic authorization header or a client_secret parameter, not both.',
    );
  }
  if (basic) {
    const { ids, secrets } = parseBasic(basic, input.cfEncodedCredentials?.toLowerCase() === 'true');
    if (bodyId !== undefined && !ids.includes(bodyId)) {
      throw new OAuthError(
        'invalid_request',
        'The client_id parameter differs from the client in the Basic authorization header.',
      );
    }
    return ids.map((clientId) => ({ method: 'basic' as const, clientId, secretCandidates: secrets }));
  }
  if (bodyId !== undefined && bodySecret !== undefined)
    return [{ method: 'post', clientId: bodyId, secretCandidates: [bodySecret] }];
  if (bodyId !== undefined && input.certificate)
    return [{ method: 'mtls', clientId: bodyId, certificate: input.certificate }];
  if (bodyId !== undefined) {
    throw new OAuthError(
      'invalid_client',
      'Client authentication failed: no client_secret and no client certificate were sent.',
      401,
    );
  }
  throw new OAuthError(
    'invalid_client',
    'Client authentication failed: send client_id and client_secret, a Basic authorization header, or a client certificate at the certurl.',
    401,
  );
}
