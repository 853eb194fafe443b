/** `calm-keys signing-keys list|rotate`: the token signing keys of a running server (calm-keys Administrator). */
import type { Command } from 'commander';
import { answer, createApiClient, withServerOptions } from './api-client.js';

export function registerSigningKeyCommands(program: Command): void {
  const keys = program
    .command('signing-keys')
    .description('List or rotate the keys that sign access tokens (at most two are published).');

  withServerOptions(keys.command('list').description('Show the published signing keys and their state.')).action(
    async (options: { url?: string; token?: string; ca?: string }) => {
      const api = createApiClient(options);
      try {
        const { keys: rows } = await answer(api.GET('/xsuaa/v1/signing-keys'));
        for (const k of rows)
          console.log(
            `${k.kid}  ${k.state.padEnd(8)}  activates ${k.activatesAt}${k.retiresAt ? `  retires ${k.retiresAt}` : ''}`,
          );
      } finally {
        await api.close();
      }
    },
  );

  withServerOptions(
    keys
      .command('rotate')
      .description(
        'Publish a new signing key; it signs after the activation delay, the old one verifies until its tokens expire.',
      )
      .option(
        '--force',
        'emergency rotation (the active key has leaked): the new key signs at once and every published key, a pending one too, is retired now (tokens they signed stop verifying)',
      ),
  ).action(async (options: { url?: string; token?: string; ca?: string; force?: boolean }) => {
    const api = createApiClient(options);
    try {
      const result = await answer(
        api.POST('/xsuaa/v1/signing-keys/rotate', { body: { force: options.force === true } }),
      );
      console.log(
        options.force === true
          ? `new signing key ${result.kid}: published and signing now (${result.activatesAt})`
          : `new signing key ${result.kid}: published now, signs from ${result.activatesAt}`,
      );
      for (const kid of result.retired) console.log(`retired ${kid}: tokens it signed no longer verify`);
    } finally {
      await api.close();
    }
  });
}
