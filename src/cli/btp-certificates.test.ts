import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certificateFields, expiryWarningLine } from './btp-certificates.js';
import { certificateWarningsOf } from './key-test.command.js';
import { SERVICE_KEY_RULES, type ValidationReport } from '../service-key/index.js';

const certificate = (state: 'valid' | 'warning' | 'critical' | 'expired', days_left: number) => ({
  service_binding_id: 'b-1',
  service_binding_name: 'mtls',
  service_instance_id: 'i-1',
  subaccount_id: 's-1',
  credential_type: 'x509',
  not_after: '2026-12-10T08:00:00.000Z',
  days_left,
  state,
});

test('a warning line for warning, critical and expired certificates, none for a valid one', () => {
  assert.equal(expiryWarningLine(certificate('valid', 90)), undefined);
  assert.equal(
    expiryWarningLine(certificate('warning', 20)),
    'warning: the certificate of binding mtls (b-1) expires on 2026-12-10T08:00:00.000Z (in 20 days, warning); create a new binding before then.',
  );
  assert.match(expiryWarningLine(certificate('critical', 1)) ?? '', /\(in 1 day, critical\)/);
  assert.match(expiryWarningLine(certificate('critical', 0)) ?? '', /\(in less than a day, critical\)/);
  assert.match(expiryWarningLine(certificate('expired', -2)) ?? '', /expired on 2026-12-10T08:00:00\.000Z; create/);
});

test('a row gets the three certificate fields only for an x509 binding', () => {
  assert.deepEqual(certificateFields(undefined), {});
  assert.deepEqual(certificateFields(certificate('critical', 4)), {
    certificate_expires_at: '2026-12-10T08:00:00.000Z',
    certificate_days_left: 4,
    certificate_state: 'critical',
  });
});

test('key test keeps only the certificate warnings of the offline check', () => {
  const report: ValidationReport = {
    valid: true,
    errors: [],
    warnings: [
      { path: 'endpoints.Api', rule: SERVICE_KEY_RULES.api_url, message: 'api' },
      { path: 'uaa.certificate', rule: SERVICE_KEY_RULES.cert_expiring, message: 'soon' },
      { path: 'uaa.certificate', rule: SERVICE_KEY_RULES.cert_expired, message: 'gone' },
    ],
  };
  assert.deepEqual(
    certificateWarningsOf(report).map((w) => w.rule),
    [SERVICE_KEY_RULES.cert_expiring, SERVICE_KEY_RULES.cert_expired],
  );
});
