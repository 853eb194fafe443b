/**
 * `calm-keys btp <verb> <noun>`: the BTP control plane, with the nouns and options of SAP's btp CLI
 * (`btp create services/binding --name ... --instance-name ...`), calling the REST API with an API token:
 * instances, bindings and the catalog through the Service Manager API (`/v1`, sm-calls.ts), accounts through
 * `/btp/v1`. What is printed: btp-views.ts.
 */
import type { Command } from 'commander';
import { redactServiceKey } from '../service-key/index.js';
import { BTP_ERRORS } from '../btp/errors.js';
import { DomainError, invalidInput, notFound } from '../shared/index.js';
import { writeSecretFile } from './files.js';
import { answer, withApiClient, withServerOptions, type ApiClient } from './api-client.js';
import { keyFormat, noun, NOUNS, print, type Options } from './btp-options.js';
import { createRequest, LISTS } from './btp-requests.js';
import { bindingRow, credentialFacts, instanceRow, readCatalog } from './btp-views.js';
import { certificateFields, printExpiryWarnings, readBindingCertificates } from './btp-certificates.js';
import { CLI_ERRORS } from './errors.js';
import { credentialsOf, deleteAndWait } from './sm-calls.js';

export function registerBtpCommands(program: Command): void {
  const btp = program
    .command('btp')
    .description(
      'The BTP control plane: accounts, "SAP Cloud ALM API" and "service-manager" instances and their service keys (bindings).',
    );

  withServerOptions(btp.command('create <object>').description(`Create ${NOUNS.join(' | ')}.`))
    .option('--name <name>', 'name of the new object')
    .option('--binding <name>', "binding: its name (the option of SAP's btp CLI; same as --name)")
    .option('--instance-name <name>', 'binding: the instance to bind to, by name')
    .option('--instance-id <id>', 'binding: the instance to bind to, by id')
    .option('--subaccount <id>', 'instance: the subaccount; binding: where to look up --instance-name')
    .option('--offering-name <name>', 'instance: SAPCloudALMAPIs (default) or service-manager')
    .option(
      '--plan-name <name>',
      'instance: standard (SAPCloudALMAPIs); subaccount-admin, subaccount-audit, container or service-operator-access (service-manager)',
    )
    .option('--plan <id>', 'instance: a plan id (GET /v1/service_plans) instead of the names')
    .option('--global-account <id>', 'subaccount: its global account')
    .option('--subdomain <subdomain>', 'subaccount: the subdomain (identity zone)')
    .option('--region <region>', 'subaccount: e.g. eu10')
    .option('--parameters <json>', 'instance: {"xs-security":{...}}; binding: {"credential-type":"x509","x509":{...}}')
    .action((object: string, options: Options) => {
      const kind = noun(object);
      const create = createRequest(kind, options);
      return withApiClient(options, async (api) => {
        const created = await create(api);
        if (kind === 'services/binding') {
          // The answer holds the credentials; they are not printed: the download is a separate, explicit step.
          console.log(
            `created binding ${created.name} (${created.id}, ${created.credential_type}); get its key with: calm-keys btp get services/binding ${created.id} --output <file>`,
          );
        } else print(created);
      });
    });

  withServerOptions(btp.command('list <object>').description(`List ${NOUNS.join(' | ')}.`)).action(
    (object: string, options: Options) => {
      const kind = noun(object);
      const list = LISTS[kind];
      return withApiClient(options, async (api) => {
        if (kind !== 'services/binding') return print(await list(api));
        // a binding row adds when its certificate ends (calm-keys' own list: SAP's /v1 bindings carry no expiry)
        const [rows, certificates] = await Promise.all([list(api), readBindingCertificates(api)]);
        print((rows as { id: string }[]).map((row) => ({ ...row, ...certificateFields(certificates.get(row.id)) })));
        printExpiryWarnings(certificates.values());
      });
    },
  );

  withServerOptions(
    btp
      .command('get <object> <id>')
      .description(
        'Show a binding (secrets masked) or download its service key with --output; or show an instance or account.',
      ),
  )
    .option(
      '--output <file>',
      'binding: write the service key, secrets included, to this file (mode 0600); "-" writes it to stdout',
    )
    .option(
      '--format <format>',
      'binding, with --output: key (default) or cf ({"credentials": ...} as cf service-key v8 prints it)',
    )
    .action((object: string, id: string, options: Options) => {
      const kind = noun(object);
      if (kind !== 'services/binding' && (options.output !== undefined || options.format !== undefined)) {
        throw invalidInput(CLI_ERRORS.binding_only, '--output and --format apply to services/binding only.');
      }
      if (options.format !== undefined && options.output === undefined) {
        throw invalidInput(
          CLI_ERRORS.format_needs_output,
          '--format chooses the form of a download: add --output <file> (or --output - for stdout).',
          [{ path: '--output', message: 'required with --format' }],
        );
      }
      const format = keyFormat(options.format);
      const byId = { params: { path: { id } } };
      return withApiClient(options, async (api) => {
        if (kind === 'services/binding' && options.output !== undefined) {
          // A download: the user asked for the secret, so it is written as it is.
          const key = await downloadKey(api, id, format);
          const text = `${JSON.stringify(key, null, 2)}\n`;
          if (options.output === '-') process.stdout.write(text);
          else {
            writeSecretFile(options.output, text);
            console.log(`wrote the service key of binding ${id} to ${options.output}`);
          }
          return;
        }
        if (kind === 'services/binding') {
          const [binding, certificates] = await Promise.all([
            answer(api.GET('/v1/service_bindings/{id}', byId)),
            readBindingCertificates(api, { service_binding_id: id }),
          ]);
          const credentials = credentialsOf(binding);
          print(
            redactServiceKey({
              ...bindingRow(binding),
              ...(credentials ? { ...credentialFacts(binding.id, credentials), credentials } : {}),
              ...certificateFields(certificates.get(binding.id)),
            }),
          );
          printExpiryWarnings(certificates.values());
          console.error(
            `secrets are masked; download the service key with: calm-keys btp get services/binding ${id} --output <file>`,
          );
          return;
        }
        if (kind === 'accounts/global-account') {
          // There is no single-account endpoint: the list holds exactly the accounts this caller administers.
          const found = (await answer(api.GET('/btp/v1/global_accounts'))).items.find((g) => g.id === id);
          if (!found) throw notFound(BTP_ERRORS.global_account_not_found, id);
          print(found);
          return;
        }
        const one = {
          'services/instance': async () => {
            const [instance, catalog] = await Promise.all([
              answer(api.GET('/v1/service_instances/{id}', byId)),
              readCatalog(api),
            ]);
            return instanceRow(instance, catalog);
          },
          'services/offering': () => answer(api.GET('/v1/service_offerings/{id}', byId)),
          'services/plan': () => answer(api.GET('/v1/service_plans/{id}', byId)),
          'accounts/subaccount': () => answer(api.GET('/btp/v1/subaccounts/{id}', byId)),
        };
        print(await one[kind]());
      });
    });

  withServerOptions(
    btp
      .command('delete <object> <id>')
      .description('Delete a binding (its credential stops working at once) or an instance (with its bindings).'),
  )
    .option('--confirm', 'required: a deletion cannot be undone')
    .action((object: string, id: string, options: Options) => {
      const kind = noun(object);
      if (kind !== 'services/binding' && kind !== 'services/instance')
        throw invalidInput(CLI_ERRORS.cannot_delete, `Deleting ${kind} is not supported.`);
      if (!options.confirm) throw invalidInput(CLI_ERRORS.confirm, 'Deleting cannot be undone: add --confirm.');
      return withApiClient(options, async (api) => {
        // SAP's DELETE answers 200, or 202 and the operation to wait for; either way the CLI returns once it is gone
        const [collection, what] =
          kind === 'services/binding'
            ? (['service_bindings', `deleting binding ${id}`] as const)
            : (['service_instances', `deleting instance ${id}`] as const);
        await deleteAndWait(api, collection, id, what);
        console.log(`deleted ${kind} ${id}`);
      });
    });
}

/**
 * The key file: the binding's `credentials` from the Service Manager API; the cf form (`{"credentials": key}`)
 * from calm-keys' own download, `/btp/v1/service_bindings/{id}/key?format=cf`, which records that form.
 */
async function downloadKey(api: ApiClient, id: string, format: 'key' | 'cf'): Promise<unknown> {
  if (format === 'cf')
    return answer(api.GET('/btp/v1/service_bindings/{id}/key', { params: { path: { id }, query: { format } } }));
  const credentials = credentialsOf(await answer(api.GET('/v1/service_bindings/{id}', { params: { path: { id } } })));
  if (!credentials)
    throw new DomainError(
      'forbidden',
      CLI_ERRORS.no_credentials,
      `The server answered binding ${id} without its credentials: this API token may read the binding but not its key.`,
    );
  return credentials;
}
