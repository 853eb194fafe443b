/**
 * `npm run gen:api`: writes docs/openapi.json and generated/api.d.ts from the route declarations.
 * `npm run check:api` (`--check`, run by `npm run lint`): regenerates into a temporary folder and fails, naming the
 * stale files and the command that fixes them, when the checked-in files differ. See scripts/api-contract.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  API_FILES,
  REGENERATE,
  renderApiFiles,
  servedOpenApiDocument,
  staleApiFiles,
  writeApiFiles,
} from './api-contract.js';

// `--root <dir>` checks or writes another checkout (the test runs the check against a modified copy)
const rootFlag = process.argv.indexOf('--root');
const root =
  rootFlag > 0 && process.argv[rootFlag + 1]
    ? process.argv[rootFlag + 1]!
    : fileURLToPath(new URL('..', import.meta.url));
const files = await renderApiFiles(await servedOpenApiDocument());

if (process.argv.includes('--check')) {
  const fresh = mkdtempSync(join(tmpdir(), 'calm-keys-api-'));
  try {
    writeApiFiles(fresh, files);
    const stale = staleApiFiles(root, fresh);
    if (stale.length > 0) {
      console.error(
        `stale generated API files: ${stale.join(', ')} differ from the route declarations; run \`${REGENERATE}\` and commit them`,
      );
      process.exitCode = 1;
    } else console.log(`${Object.values(API_FILES).join(' and ')} match the route declarations`);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
} else {
  writeApiFiles(root, files);
  console.log(`wrote ${Object.values(API_FILES).join(' and ')}`);
}
