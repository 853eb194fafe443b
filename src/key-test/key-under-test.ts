/**
 * The fields of a service key that an online test reads, taken from an untrusted JSON object. This is not
 * the Landscape Management format check (that lives in service-key/ and refuses x509 keys); a test must
 * work for every key a client library could use, secret or x509.
 */
import { invalidInput, type Problem } from '../shared/index.js';
import { KEY_TEST_ERRORS } from './errors.js';

export interface KeyUnderTest {
  readonly clientId: string;
  readonly clientSecret?: string;
  /** x509 keys: PEM chain and private key for mTLS at certUrl. */
  readonly certificatePem?: string;
  readonly privateKeyPem?: string;
  readonly url?: string;
  readonly certUrl?: string;
  readonly uaaDomain?: string;
  readonly xsappname?: string;
  /** The zone id the key names, and which field named it (`uaa.identityzoneid`, `uaa.zoneid`, `uaa.tenantid`). */
  readonly zoneId?: string;
  readonly zoneIdField?: string;
  readonly verificationKey?: string;
  readonly credentialType?: string;
  readonly apiUrl?: string;
}

type Fields = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Own properties only, and only non-blank strings count. Values are not trimmed: clients send them as they are. */
function text(object: Fields | undefined, name: string): string | undefined {
  if (object === undefined || !Object.hasOwn(object, name)) return undefined;
  const value = object[name];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** cf CLI v8 prints `{"credentials": {...}}`; a key pasted from there is the same key. */
function unwrap(document: Fields): Fields {
  const inner = Object.hasOwn(document, 'credentials') ? document.credentials : undefined;
  return !Object.hasOwn(document, 'uaa') && isObject(inner) ? inner : document;
}

function problemsOf(uaa: Fields | undefined): Problem[] {
  if (uaa === undefined) return [{ path: 'uaa', message: 'the key has no "uaa" object; is this a service key?' }];
  const problems: Problem[] = [];
  if (text(uaa, 'clientid') === undefined) problems.push({ path: 'uaa.clientid', message: 'uaa.clientid is missing' });
  const hasSecret = text(uaa, 'clientsecret') !== undefined;
  const hasCertificate = text(uaa, 'certificate') !== undefined && text(uaa, 'key') !== undefined;
  if (!hasSecret && !hasCertificate) {
    problems.push({
      path: 'uaa.clientsecret',
      message: 'the key holds neither uaa.clientsecret nor uaa.certificate with uaa.key, so it cannot request a token',
    });
  }
  if (hasSecret && text(uaa, 'url') === undefined)
    problems.push({ path: 'uaa.url', message: 'uaa.url (the token server) is missing' });
  if (!hasSecret && hasCertificate && text(uaa, 'certurl') === undefined) {
    problems.push({ path: 'uaa.certurl', message: 'uaa.certurl (the mTLS token server of x509 keys) is missing' });
  }
  return problems;
}

/**
 * Reads what a test needs. Throws a DomainError (`key_test.unusable_key`) naming every missing field when
 * the key cannot even request a token.
 */
export function readKeyUnderTest(document: unknown): KeyUnderTest {
  if (!isObject(document)) {
    throw invalidInput(
      KEY_TEST_ERRORS.unusable_key,
      'A service key is a JSON object {"uaa": {...}, "endpoints": {...}}.',
    );
  }
  const key = unwrap(document);
  const uaa = isObject(key.uaa) ? key.uaa : undefined;
  const problems = problemsOf(uaa);
  if (uaa === undefined || problems.length > 0) {
    throw invalidInput(
      KEY_TEST_ERRORS.unusable_key,
      `The key cannot be tested: ${problems.map((p) => p.message).join('; ')}.`,
      problems,
    );
  }
  const endpoints = isObject(key.endpoints) ? key.endpoints : undefined;
  const zoneIdField = ['identityzoneid', 'zoneid', 'tenantid'].find((name) => text(uaa, name) !== undefined);
  return {
    clientId: text(uaa, 'clientid') ?? '',
    clientSecret: text(uaa, 'clientsecret'),
    certificatePem: text(uaa, 'certificate'),
    privateKeyPem: text(uaa, 'key'),
    url: text(uaa, 'url'),
    certUrl: text(uaa, 'certurl'),
    uaaDomain: text(uaa, 'uaadomain'),
    xsappname: text(uaa, 'xsappname'),
    zoneId: zoneIdField === undefined ? undefined : text(uaa, zoneIdField),
    zoneIdField: zoneIdField === undefined ? undefined : `uaa.${zoneIdField}`,
    verificationKey: text(uaa, 'verificationkey'),
    credentialType: text(uaa, 'credential-type'),
    apiUrl: text(endpoints, 'Api'),
  };
}

/** Secret material of a key, so the result can be scrubbed of it as a last line of defence. */
export function secretsOf(key: KeyUnderTest): string[] {
  return [key.clientSecret, key.privateKeyPem].filter((s): s is string => s !== undefined && s.length >= 4);
}
