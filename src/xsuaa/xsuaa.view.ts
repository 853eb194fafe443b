/**
 * The answers of the token server (`/oauth/token`, `/token_keys`, OpenID metadata) and of the signing-key
 * administration, as zod schemas (OpenAPI components, the server tests' response check).
 */
import { z } from 'zod';

export const tokenResponseSchema = z
  .strictObject({
    access_token: z.string(),
    token_type: z.literal('bearer'),
    expires_in: z.number().int(),
    scope: z.string(),
    jti: z.string(),
  })
  .meta({ id: 'TokenResponse', description: 'RFC 6749 section 5.1' });

/** The client credentials grant as a form (RFC 6749 section 4.4); the client authenticates by Basic, these fields or its certificate. */
export const tokenFormSchema = z
  .object({
    grant_type: z
      .literal('client_credentials')
      .optional()
      .describe('Required, here or in the query string (in both only with the same value)'),
    client_id: z.string().optional(),
    client_secret: z.string().optional(),
    scope: z.string().optional().describe('Space-separated; default: every scope of the client'),
  })
  .meta({ id: 'TokenForm' });

export const jwksSchema = z
  .strictObject({
    keys: z.array(
      z
        .looseObject({ kty: z.string(), kid: z.string(), value: z.string().describe('The public key as PEM (XSUAA)') })
        .describe('A JSON Web Key (RFC 7517) with the PEM in value'),
    ),
  })
  .meta({ id: 'Jwks' });

export const openIdConfigurationSchema = z
  .strictObject({
    issuer: z.string(),
    token_endpoint: z.string(),
    jwks_uri: z.string(),
    grant_types_supported: z.array(z.string()),
    token_endpoint_auth_methods_supported: z.array(z.string()),
    token_endpoint_auth_signing_alg_values_supported: z.array(z.string()),
    id_token_signing_alg_values_supported: z.array(z.string()),
    response_types_supported: z.array(z.string()),
    subject_types_supported: z.array(z.string()),
    mtls_endpoint_aliases: z.strictObject({ token_endpoint: z.string() }).optional(),
  })
  .meta({ id: 'OpenIdConfiguration' });

export const signingKeyListSchema = z
  .strictObject({
    keys: z.array(
      z.strictObject({
        kid: z.string(),
        state: z.enum(['pending', 'active', 'previous']),
        activatesAt: z.string(),
        retiresAt: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'SigningKeyList' });

export const signingKeyRotationSchema = z
  .strictObject({
    kid: z.string(),
    activatesAt: z.string(),
    retired: z.array(z.string()).describe('Kids retired at once (a forced rotation)'),
  })
  .meta({ id: 'SigningKeyRotation' });
