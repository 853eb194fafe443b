/**
 * The audit page's CSV (web/src/pages/audit-csv.ts): RFC 4180 quoting, the action in words and as code, and no
 * cell a spreadsheet would run as a formula (a user name or a detail is text someone typed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

// loaded by path: the web UI's modules resolve imports the bundler's way, which the server's tsc does not follow
const MODULE = '../web/src/pages/audit-csv.ts';
const { auditCsv } = (await import(MODULE)) as { auditCsv: (events: readonly unknown[]) => string };
// the texts (English here: Node has no browser language) are loaded as the page's main.ts does
const I18N = '../web/src/i18n.ts';
await ((await import(I18N)) as { loadTexts: () => Promise<void> }).loadTexts();

const event = (over: Record<string, unknown>) =>
  ({
    seq: 1,
    id: 'e1',
    at: '2026-12-03T14:02:09.123Z',
    action: 'lm.service_key.uploaded',
    outcome: 'success',
    actor: { type: 'user', id: 'u1', name: 'admin' },
    tenantId: 't1',
    tenantName: 'Demo, "Cloud" ALM',
    target: { type: 'lm_service_key', id: 'k1' },
    details: { name: 'key-1' },
    requestId: 'r1',
    ...over,
  }) as unknown;

test('audit CSV: a header, one CRLF line per event, quotes doubled, words and codes', () => {
  const csv = auditCsv([event({})]);
  const lines = csv.split('\r\n');
  assert.equal(lines.length, 3, 'header, one row, the final CRLF');
  assert.equal(lines[2], '');
  assert.match(lines[0]!, /^Time \(UTC\),Time \(local\),Action,Action code,Outcome,Actor,Actor type,Tenant,Tenant ID,/);
  assert.ok(lines[1]!.startsWith('2026-12-03T14:02:09.123Z,'));
  assert.ok(lines[1]!.includes(',Service key uploaded,lm.service_key.uploaded,Success,admin,user,'));
  assert.ok(lines[1]!.includes(',"Demo, ""Cloud"" ALM",t1,'), 'a comma and quotes are quoted');
  assert.ok(lines[1]!.includes(',"{""name"":""key-1""}",'), 'details as JSON, quoted');
});

test('audit CSV: a cell starting like a formula is prefixed with an apostrophe', () => {
  for (const name of ['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)']) {
    const row = auditCsv([event({ actor: { type: 'user', id: 'u', name } })]).split('\r\n')[1]!;
    assert.ok(!row.split(',').some((c) => /^"?[=+\-@]/.test(c)), `${name} is not a formula: ${row}`);
    assert.ok(row.includes(`'${name.replace(/"/g, '""')}`), row);
  }
});
