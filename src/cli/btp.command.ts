/**
 * `calm-keys btp <verb> <noun>`: the BTP control plane, with the nouns and options of SAP's btp CLI
 * (`btp create services/binding --name ... --instance-name ...`), calling the REST API with an API token.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { invalidInput } from '../shared/index.js';
import { createApiClient, withServerOptions, type ApiClient } from './api-client.js';

type Noun = 'services/binding' | 'services/instance' | 'accounts/subaccount' | 'accounts/global-account';
const NOUNS: readonly Noun[] = ['services/binding', 'services/instance', 'accounts/subaccount', 'accounts/global-account'];

interface Options {
  url?: string;
  token?: string;
  ca?: string;
  name?: string;
  instanceName?: string;
  instanceId?: string;
  subaccount?: string;
  globalAccount?: string;
  subdomain?: string;
  region?: string;
  parameters?: string;
  confirm?: boolean;
  output?: string;
  format?: string;
}

function noun(value: string): Noun {
  if (!(NOUNS as readonly string[]).includes(value)) throw invalidInput('cli.unknown_noun', `Unknown object "${value}". Use one of: ${NOUNS.join(', ')}.`);
  return value as Noun;
}

function parameters(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidInput('cli.bad_parameters', '--parameters must be JSON, e.g. \'{"credential-type":"x509"}\'.', [{ path: '--parameters', message: 'not JSON' }]);
  }
}

function need(value: string | undefined, flag: string): string {
  if (!value) throw invalidInput('cli.missing_option', `${flag} is required here.`, [{ path: flag, message: 'required' }]);
  return value;
}

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

async function run(options: Options, work: (api: ApiClient) => Promise<void>) {
  const api = createApiClient(options);
  try {
    await work(api);
  } finally {
    await api.close();
  }
}

export function registerBtpCommands(program: Command): void {
  const btp = program.command('btp').description('The BTP control plane: accounts, "SAP Cloud ALM API" instances and their service keys (bindings).');

  withServerOptions(btp.command('create <object>').description(`Create ${NOUNS.join(' | ')}.`))
    .option('--name <name>', 'name of the new object')
    .option('--instance-name <name>', 'binding: the instance to bind to, by name')
    .option('--instance-id <id>', 'binding: the instance to bind to, by id')
    .option('--subaccount <id>', 'instance: the subaccount; subaccount: -')
    .option('--global-account <id>', 'subaccount: its global account')
    .option('--subdomain <subdomain>', 'subaccount: the subdomain (identity zone)')
    .option('--region <region>', 'subaccount: e.g. eu10')
    .option('--parameters <json>', 'instance: {"xs-security":{...}}; binding: {"credential-type":"x509","x509":{...}}')
    .action((object: string, options: Options) =>
      run(options, async (api) => {
        switch (noun(object)) {
          case 'services/binding': {
            const body = { name: need(options.name, '--name'), ...(options.instanceId ? { service_instance_id: options.instanceId } : { service_instance_name: need(options.instanceName, '--instance-name') }), parameters: parameters(options.parameters) };
            const created = await api.call<{ id: string; name: string; credential_type: string }>('POST', '/btp/v1/service_bindings', body);
            console.log(`created binding ${created.name} (${created.id}, ${created.credential_type}); get its key with: calm-keys btp get services/binding ${created.id} --output <file>`);
            return;
          }
          case 'services/instance':
            print(await api.call('POST', '/btp/v1/service_instances', { name: need(options.name, '--name'), subaccount_id: need(options.subaccount, '--subaccount'), parameters: parameters(options.parameters) }));
            return;
          case 'accounts/subaccount':
            print(await api.call('POST', '/btp/v1/subaccounts', { globalAccountId: need(options.globalAccount, '--global-account'), name: need(options.name, '--name'), subdomain: need(options.subdomain, '--subdomain'), region: need(options.region, '--region') }));
            return;
          case 'accounts/global-account':
            print(await api.call('POST', '/btp/v1/global_accounts', { name: need(options.name, '--name') }));
            return;
        }
      }),
    );

  withServerOptions(btp.command('list <object>').description(`List ${NOUNS.join(' | ')}.`)).action((object: string, options: Options) =>
    run(options, async (api) => {
      const path = { 'services/binding': '/btp/v1/service_bindings', 'services/instance': '/btp/v1/service_instances', 'accounts/subaccount': '/btp/v1/subaccounts', 'accounts/global-account': '/btp/v1/global_accounts' }[noun(object)];
      print((await api.call<{ items: unknown[] }>('GET', path)).items);
    }),
  );

  withServerOptions(btp.command('get <object> <id>').description('Show a binding with its credentials (the service key), or an instance or subaccount.'))
    .option('--output <file>', 'binding: write the service key to this file (mode 0600) instead of printing it')
    .option('--format <format>', 'binding: key (default) or cf ({"credentials": ...} as cf service-key v8 prints it)')
    .action((object: string, id: string, options: Options) =>
      run(options, async (api) => {
        const kind = noun(object);
        if (kind === 'services/binding') {
          const format = options.format === 'cf' ? 'cf' : 'key';
          const key = await api.call('GET', `/btp/v1/service_bindings/${encodeURIComponent(id)}/key?format=${format}`);
          if (options.output) {
            writeFileSync(options.output, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
            console.log(`wrote the service key of binding ${id} to ${options.output}`);
          } else print(key);
          return;
        }
        const path = kind === 'services/instance' ? `/btp/v1/service_instances/${encodeURIComponent(id)}` : `/btp/v1/subaccounts/${encodeURIComponent(id)}`;
        print(await api.call('GET', path));
      }),
    );

  withServerOptions(btp.command('delete <object> <id>').description('Delete a binding (its credential stops working at once) or an instance (with its bindings).'))
    .option('--confirm', 'do not ask; required when not interactive')
    .action((object: string, id: string, options: Options) =>
      run(options, async (api) => {
        const kind = noun(object);
        if (kind !== 'services/binding' && kind !== 'services/instance') throw invalidInput('cli.cannot_delete', `Deleting ${kind} is not supported.`);
        if (!options.confirm) throw invalidInput('cli.confirm', 'Deleting cannot be undone: add --confirm.');
        const path = kind === 'services/binding' ? `/btp/v1/service_bindings/${encodeURIComponent(id)}` : `/btp/v1/service_instances/${encodeURIComponent(id)}`;
        await api.call('DELETE', path);
        console.log(`deleted ${kind} ${id}`);
      }),
    );
}
