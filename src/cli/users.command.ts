/**
 * `calm-keys users list|create|lock|unlock|delete|reset-password|roles add|roles remove`: people administration over
 * the REST API (`/access/v1/users`, the calm-keys Administrator's personal API token). The server decides every rule
 * (no one locks, deletes or resets themselves, the last calm-keys Administrator stays); the CLI prints its refusal.
 * A one-time password (create, reset-password) is printed once on stdout, as the server answers it, and nowhere
 * else. Exit codes: 0 success, 1 a refusal the user can fix (`access.self_lockout`, `access.last_administrator`,
 * an existing or bad user name, an unknown role or missing scope), 2 usage, access or server problems.
 */
import type { Command } from 'commander';
import { ACCESS_ERRORS } from '../access/errors.js';
import { answer, withApiClient, withServerOptions, type Schemas } from './api-client.js';
import { refusedIsOne, table } from './output.js';

interface Options {
  url?: string;
  token?: string;
  ca?: string;
  json?: boolean;
  revokeTokens?: boolean;
  scope?: string;
}

type User = Schemas['User'];
const REFUSED: readonly string[] = [
  ACCESS_ERRORS.self_lockout,
  ACCESS_ERRORS.last_administrator,
  ACCESS_ERRORS.user_exists,
  ACCESS_ERRORS.bad_username,
  ACCESS_ERRORS.unknown_role,
  ACCESS_ERRORS.missing_scope,
];
const one = (username: string) => ({ params: { path: { username } } });

/** locked, one-time password (must change it at the next sign-in) or active, as the web UI's Security page says. */
export function statusOf(user: User): string {
  if (user.disabled) return 'locked';
  return user.mustChangePassword ? 'one-time password' : 'active';
}

/** `SystemAdministrator`, `x_landscape_SecurityViewer@<tenant id>`, ...; `-` for none. */
export function rolesOf(user: User): string {
  if (user.roles.length === 0) return '-';
  return user.roles.map((r) => (r.scopeType === 'system' ? r.role : `${r.role}@${r.scopeId}`)).join(',');
}

export function registerUserCommands(program: Command): void {
  const users = program
    .command('users')
    .description(
      'People administration (calm-keys Administrator): users, their lock, one-time passwords and role assignments',
    );

  withServerOptions(users.command('list').description('Every user with their status and roles'))
    .option('--json', 'print the answer as JSON')
    .action((options: Options) =>
      withApiClient(options, async (api) => {
        const { users: items } = await answer(api.GET('/access/v1/users'));
        if (options.json) return console.log(JSON.stringify(items, null, 2));
        if (items.length === 0) return console.log('no users');
        console.log(
          table([
            ['USERNAME', 'STATUS', 'ROLES', 'CREATED'],
            ...items.map((u) => [u.username, statusOf(u), rolesOf(u), u.createdAt]),
          ]),
        );
      }),
    );

  withServerOptions(
    users
      .command('create <username>')
      .description('Create a user with a one-time password (printed once; they set their own at the first sign-in)'),
  )
    .option('--json', 'print the answer as JSON (with the one-time password)')
    .action((username: string, options: Options) =>
      withApiClient(options, (api) =>
        refusedIsOne(REFUSED, async () => {
          const created = await answer(api.POST('/access/v1/users', { body: { username } }));
          if (options.json) return console.log(JSON.stringify(created, null, 2));
          console.log(`user ${created.username} (${created.id})`);
          if (created.oneTimePassword !== undefined) {
            console.log(`one-time password  ${created.oneTimePassword}`);
            console.log(
              `\nIt is shown only once: give it to ${created.username}, who sets their own at the first sign-in.`,
            );
          }
        }),
      ),
    );

  for (const [name, path, description, done] of [
    [
      'lock',
      '/access/v1/users/{username}/lock',
      'Lock a user: no sign-in; their sessions end and their API tokens are refused until unlocked',
      'locked',
    ],
    [
      'unlock',
      '/access/v1/users/{username}/unlock',
      'Unlock a user: sign-in and their API tokens work again',
      'unlocked',
    ],
  ] as const) {
    withServerOptions(users.command(`${name} <username>`).description(description)).action(
      (username: string, options: Options) =>
        withApiClient(options, (api) =>
          refusedIsOne(REFUSED, async () => {
            await answer(api.POST(path, one(username)));
            console.log(`user ${username} ${done}`);
          }),
        ),
    );
  }

  withServerOptions(
    users
      .command('delete <username>')
      .description('Delete a user with their role assignments, sessions and API tokens'),
  ).action((username: string, options: Options) =>
    withApiClient(options, (api) =>
      refusedIsOne(REFUSED, async () => {
        await answer(api.DELETE('/access/v1/users/{username}', one(username)));
        console.log(`deleted user ${username}`);
      }),
    ),
  );

  withServerOptions(
    users
      .command('reset-password <username>')
      .description('Reset the password to a one-time password (printed once); they set their own at the next sign-in'),
  )
    .option('--revoke-tokens', "also revoke the user's API tokens (after a compromise); by default they keep working")
    .option('--json', 'print the answer as JSON (with the one-time password)')
    .action((username: string, options: Options) =>
      withApiClient(options, (api) =>
        refusedIsOne(REFUSED, async () => {
          const reset = await answer(
            api.POST('/access/v1/users/{username}/password-reset', {
              ...one(username),
              body: options.revokeTokens ? { revokeTokens: true } : {},
            }),
          );
          if (options.json) return console.log(JSON.stringify(reset, null, 2));
          console.log(`one-time password  ${reset.oneTimePassword}`);
          console.log(`api tokens         ${reset.liveTokens} still work, ${reset.tokensRevoked} revoked`);
          console.log(`\nIt is shown only once: give it to ${username}, who sets their own at the next sign-in.`);
        }),
      ),
    );

  const roles = users.command('roles').description('Assign and revoke role assignments');
  for (const [name, method, done] of [
    ['add', 'POST', 'assigned'],
    ['remove', 'DELETE', 'revoked'],
  ] as const) {
    withServerOptions(
      roles
        .command(`${name} <username> <role>`)
        .description(
          `${name === 'add' ? 'Assign' : 'Revoke'} a role (e.g. x_landscape_SecurityViewer --scope <tenant id>; SystemAdministrator without --scope)`,
        ),
    )
      .option(
        '--scope <id>',
        'the tenant, subaccount or global account id the role is held at (absent for system roles)',
      )
      .action((username: string, role: string, options: Options) =>
        withApiClient(options, (api) =>
          refusedIsOne(REFUSED, async () => {
            const request = { ...one(username), body: { role, ...(options.scope ? { scopeId: options.scope } : {}) } };
            await answer(
              method === 'POST'
                ? api.POST('/access/v1/users/{username}/roles', request)
                : api.DELETE('/access/v1/users/{username}/roles', request),
            );
            console.log(
              `${done} ${role}${options.scope ? ` at ${options.scope}` : ''} ${name === 'add' ? 'to' : 'from'} ${username}`,
            );
          }),
        ),
      );
  }
}
