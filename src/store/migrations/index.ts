/**
 * Every migration in order. Migrations are code (kysely's schema builder), so the same list runs on
 * SQLite and PostgreSQL; a migration that needs a dialect-specific detail receives the dialect.
 * Never edit a released migration: add a new one.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import * as m001 from './001-access-and-audit.js';
import * as m002 from './002-xsuaa.js';
import * as m003 from './003-btp.js';
import * as m004 from './004-landscape.js';
import * as m005 from './005-alm-api.js';
import * as m006 from './006-observed-use.js';
import * as m007 from './007-lm-test-lease.js';
import * as m008 from './008-instance-secret.js';
import * as m009 from './009-audit-request-id.js';
import * as m010 from './010-otlp-detail.js';
import * as m011 from './011-status-events.js';
import * as m012 from './012-projects-tasks.js';
import * as m013 from './013-sm-labels-operations.js';
import * as m014 from './014-rate-limit-windows.js';
import * as m015 from './015-outbox.js';
import * as m016 from './016-webhooks.js';
import * as m017 from './017-lm-key-test-history.js';
import * as m018 from './018-blast-radius.js';
import * as m019 from './019-lm-certificate-warnings.js';
import * as m020 from './020-lm-key-rotations.js';
import * as m021 from './021-faults.js';
import * as m022 from './022-dev-clock.js';

export interface MigrationStep {
  readonly name: string;
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

export const MIGRATIONS: readonly MigrationStep[] = [
  { name: '001-access-and-audit', up: m001.up },
  { name: '002-xsuaa', up: (db) => m002.up(db) },
  { name: '003-btp', up: (db) => m003.up(db) },
  { name: '004-landscape', up: (db) => m004.up(db) },
  { name: '005-alm-api', up: m005.up },
  { name: '006-observed-use', up: (db) => m006.up(db) },
  { name: '007-lm-test-lease', up: (db) => m007.up(db) },
  { name: '008-instance-secret', up: (db) => m008.up(db) },
  { name: '009-audit-request-id', up: (db) => m009.up(db) },
  { name: '010-otlp-detail', up: (db) => m010.up(db) },
  { name: '011-status-events', up: (db) => m011.up(db) },
  { name: '012-projects-tasks', up: (db) => m012.up(db) },
  { name: '013-sm-labels-operations', up: (db) => m013.up(db) },
  { name: '014-rate-limit-windows', up: (db) => m014.up(db) },
  { name: '015-outbox', up: (db) => m015.up(db) },
  { name: '016-webhooks', up: (db) => m016.up(db) },
  { name: '017-lm-key-test-history', up: (db) => m017.up(db) },
  { name: '018-blast-radius', up: (db) => m018.up(db) },
  { name: '019-lm-certificate-warnings', up: (db) => m019.up(db) },
  { name: '020-lm-key-rotations', up: (db) => m020.up(db) },
  { name: '021-faults', up: (db) => m021.up(db) },
  { name: '022-dev-clock', up: (db) => m022.up(db) },
];
