/** `calm-keys key ...`: offline and online checks of a service-key file. Neither needs a calm-keys server. */
import type { Command } from 'commander';
import { registerKeyValidate } from './key-validate.command.js';
import { registerKeyTest } from './key-test.command.js';

export function registerKeyCommands(program: Command): void {
  const key = program
    .command('key')
    .description(
      'Check a service-key file: validate its format offline, or test that it can log on (works on real SAP keys).',
    );
  registerKeyValidate(key);
  registerKeyTest(key);
}
