/**
 * Input rules of instances and bindings, as the BTP cockpit and SAP Service Manager apply them
 * (docs/sap-sources.md §2, §5 and §6). Every violation names its JSON path.
 */
import { z } from 'zod';
import { invalidInput, jsonPath, type Problem } from '../shared/index.js';
import { BTP_ERRORS } from './errors.js';

/** At most 32 characters: letters, digits, `.`, `-` and `_` (instead of spaces). */
export const INSTANCE_NAME = /^[A-Za-z0-9._-]{1,32}$/;
/**
 * Which names a caller may give: the cockpit's and the btp CLI's rule above (`cockpit`, docs/sap-sources.md
 * §2), or the Service Manager API's (`service-manager`). SAP publishes no name rule for its `/v1` API, the
 * open-source Service Manager (Peripli `pkg/types/service_instance.go`) only refuses an empty name, and SAP's
 * own client `@sap/instance-manager` names an instance with 44 characters of base64 (`+`, `/`, `=`) and a
 * binding with a 36-character UUID. So `/v1` takes 1 to `SM_NAME_MAX` characters without control characters
 * (decided: the bound is the one the `/v1` routes already had).
 */
export type NameRule = 'cockpit' | 'service-manager';
export const SM_NAME_MAX = 100;
const CONTROL_CHARACTER = /\p{Cc}/u;
/** Names of bindings created by provisioning: `<SID>_<client>_<system number>`; manual bindings must not use it. */
export const PROVISIONED_BINDING_NAME = /^[A-Z][A-Z0-9]{2}_\d{3}_\d{2}$/;

const credentialType = z.enum(['binding-secret', 'instance-secret', 'x509']);

export const instanceParametersSchema = z
  .object({
    'xs-security': z
      .object({
        xsappname: z
          .string()
          .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (at most 64)')
          .optional(),
        authorities: z.array(z.string().min(1).max(200)).max(100).optional(),
        'oauth2-configuration': z
          .object({ 'credential-types': z.array(credentialType).min(1).max(3).optional() })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export type InstanceParameters = z.infer<typeof instanceParametersSchema>;

/** A service-manager instance takes no parameters: its plan decides its scopes (sm-plans.ts). */
export const smInstanceParametersSchema = z.strictObject({});

/**
 * The RSA key lengths XSUAA generates for x509 bindings: "The default length is 2048 bytes. You can also
 * choose 4096 bytes or 8192 bytes" (SAP BTP docs, "Parameters for X.509 Certificates Managed by SAP
 * Authorization and Trust Management Service", loio 436ed68; "bytes" there means bits). Anything else is 400.
 */
export const X509_KEY_LENGTHS = [2048, 4096, 8192] as const;
export type X509KeyLength = (typeof X509_KEY_LENGTHS)[number];

export const bindingParametersSchema = z
  .object({
    'credential-type': credentialType.optional(),
    x509: z
      .object({
        'key-length': z
          .number({ error: `one of ${X509_KEY_LENGTHS.join(', ')} (bits), as XSUAA accepts` })
          .refine((n): n is X509KeyLength => (X509_KEY_LENGTHS as readonly number[]).includes(n), {
            error: `one of ${X509_KEY_LENGTHS.join(', ')} (bits), as XSUAA accepts`,
          })
          .optional(),
        validity: z.number().int().min(1).optional(),
        'validity-type': z.enum(['DAYS', 'MONTHS', 'YEARS']).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type BindingParameters = z.infer<typeof bindingParametersSchema>;

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, root: string, code: string): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const details: Problem[] = result.error.issues.map((issue) => ({
    path: jsonPath([root, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')]),
    message: issue.message,
  }));
  throw invalidInput(code, `Invalid ${root}: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}.`, details);
}

export function checkInstanceName(
  name: string,
  what: 'instance' | 'binding' = 'instance',
  rule: NameRule = 'cockpit',
): void {
  const ok =
    rule === 'cockpit'
      ? INSTANCE_NAME.test(name)
      : name.length >= 1 && name.length <= SM_NAME_MAX && !CONTROL_CHARACTER.test(name);
  if (ok) return;
  const subject = what === 'instance' ? 'An instance' : 'A binding';
  throw invalidInput(
    what === 'instance' ? BTP_ERRORS.bad_instance_name : BTP_ERRORS.bad_binding_name,
    rule === 'cockpit'
      ? `${subject} name has at most 32 characters: letters, digits, ".", "-" and "_" (use "_" instead of spaces).`
      : `${subject} name has 1 to ${SM_NAME_MAX} characters and no control characters (no line breaks or tabs).`,
    [
      {
        path: 'name',
        message: rule === 'cockpit' ? 'at most 32 of A-Z a-z 0-9 . - _' : `1 to ${SM_NAME_MAX} characters, no controls`,
      },
    ],
  );
}

export function checkBindingName(name: string, origin: 'manual' | 'provisioning', rule: NameRule = 'cockpit'): void {
  checkInstanceName(name, 'binding', rule);
  if (origin === 'manual' && PROVISIONED_BINDING_NAME.test(name)) {
    throw invalidInput(
      BTP_ERRORS.reserved_binding_name,
      `"${name}" has the pattern <SID>_<client>_<system number> that SAP reserves for generated bindings; choose another name.`,
      [{ path: 'name', message: 'reserved pattern' }],
    );
  }
}

/** x509 validity in days (XSUAA: default 7 days; months count 30 days, years 365), at most one year. */
export function validityDays(x509: BindingParameters['x509']): number {
  const value = x509?.validity ?? 7;
  const days =
    x509?.['validity-type'] === 'YEARS' ? value * 365 : x509?.['validity-type'] === 'MONTHS' ? value * 30 : value;
  if (days < 1 || days > 365) {
    throw invalidInput(BTP_ERRORS.bad_validity, 'x509 validity must be between 1 day and 1 year.', [
      { path: 'parameters.x509.validity', message: 'between 1 day and 1 year' },
    ]);
  }
  return days;
}
