/**
 * Fault injection (issue 18), for the calm-keys Administrator: the active faults in a table (what, whom, how
 * often, until when, by whom) with Delete and Clear All, and Add Fault with the fields of `calm-keys faults add`.
 * The banner above every page (ui/faults-banner.ts) tells everyone else that calm-keys fails on purpose. The
 * server decides every call (`system.faults.manage`); this page is only where an administrator does it by hand.
 */
import { answer, api, type Schemas } from '../api';
import { h, replace } from '../dom';
import { formatDateTime } from '../ui/format';
import { button, confirm, errorStrip, openDialog, page, strip, table, toast, type Dialog } from '../ui/kit';

type Fault = Schemas['FaultView'];
type AddFault = Schemas['AddFault'];
type Field = HTMLElement & { value: string; valueState: string };

const TARGETS: Readonly<Record<AddFault['target'], string>> = {
  token: 'Token endpoint (/oauth/token, both listeners)',
  jwks: 'Signing keys (/token_keys)',
  api: 'Cloud ALM API (/api/...)',
};
const KINDS: Readonly<Record<AddFault['kind'], string>> = {
  status: 'Answer with a status code',
  latency: 'Delay, then serve as usual',
  reset: 'Close the connection',
  rate_limit: 'Rate limit (429 with Retry-After)',
};

/** "503 Service Unavailable"-like words for a fault's effect, as a tester reads it. */
function effectText(f: Fault): string {
  if (f.kind === 'status') return `Status ${f.status}`;
  if (f.kind === 'latency') return `Delay of ${f.latencyMs} ms`;
  if (f.kind === 'reset') return 'Connection closed';
  return `Rate limit (Retry-After ${f.retryAfterSeconds ?? 1} s)`;
}

export async function faultsPage(): Promise<HTMLElement> {
  let faults: Fault[] = (await answer(api.GET('/faults/v1/faults'))).items;
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const area = h('div');
  const count = h('ui5-title', { level: 'H2', size: 'H5', id: 'faults-title' }, '');
  const clearAll = button('Clear All', () => void clear(), {
    id: 'faults-clear',
    design: 'Transparent',
    icon: 'delete',
  });

  async function reload(): Promise<void> {
    faults = (await answer(api.GET('/faults/v1/faults'))).items;
    render();
  }

  function render(): void {
    count.textContent = `Active Faults (${faults.length})`;
    (clearAll as HTMLElement & { disabled: boolean }).disabled = faults.length === 0;
    replace(
      area,
      table({
        id: 'faults',
        accessibleName: 'Active faults',
        noDataText: 'No fault is active: calm-keys answers as usual.',
        columns: [
          { header: 'Target', minWidth: '10rem', importance: 10 },
          { header: 'Client', minWidth: '12rem', importance: 6 },
          { header: 'Effect', minWidth: '10rem', importance: 9 },
          { header: 'Probability', minWidth: '6rem', importance: 4 },
          { header: 'Until', minWidth: '9rem', importance: 3 },
          { header: 'Added', minWidth: '9rem', importance: 2 },
          { header: 'Actions', minWidth: '6rem', importance: 1 },
        ],
        rows: faults.map((f) => [
          f.route ? `${f.target}: ${f.route}` : f.target,
          f.clientId ?? h('span', { class: 'muted' }, 'Every client'),
          effectText(f),
          `${Math.round(f.probability * 100)} %`,
          f.expiresAt ? formatDateTime(f.expiresAt) : h('span', { class: 'muted' }, 'Until deleted'),
          `${formatDateTime(f.createdAt)} by ${f.createdBy}`,
          button('Delete', () => void remove(f), {
            design: 'Transparent',
            icon: 'delete',
            accessibleName: `Delete the fault ${effectText(f)} on ${f.target}`,
          }),
        ]),
      }),
    );
  }

  async function act(work: () => Promise<unknown>, done: string): Promise<void> {
    try {
      await work();
      replace(messages);
      toast(done);
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error, { closable: true }));
    }
  }

  const remove = (f: Fault) =>
    act(
      () => answer(api.DELETE('/faults/v1/faults/{faultId}', { params: { path: { faultId: f.id } } })),
      'Fault deleted.',
    );

  async function clear(): Promise<void> {
    const ok = await confirm({
      title: 'Clear All Faults',
      text: [`Delete all ${faults.length} active faults? calm-keys then answers as usual again.`],
      confirmText: 'Clear All',
    });
    if (ok) await act(() => answer(api.DELETE('/faults/v1/faults')), 'All faults deleted.');
  }

  render();
  const toolbar = h(
    'ui5-bar',
    { design: 'Subheader', accessibleName: 'Faults toolbar' },
    h('div', { slot: 'startContent' }, count),
    h(
      'div',
      { slot: 'endContent', class: 'row' },
      clearAll,
      button('Add Fault', () => addFaultDialog(reload), { icon: 'add', id: 'fault-add', design: 'Emphasized' }),
    ),
  );
  return page(
    {
      title: 'Fault Injection',
      subtitle: 'Make the token endpoint, the signing keys or the Cloud ALM API fail on purpose',
    },
    h(
      'p',
      { class: 'muted' },
      'For tests of clients: a fault answers matching requests with an error, a delay or a closed connection, for every client or one client id. Every change is audited; the same as calm-keys faults add, list and clear.',
    ),
    messages,
    h('section', { class: 'section', attrs: { 'aria-labelledby': 'faults-title' } }, toolbar, area),
  );
}

function select(id: string, label: string, options: Readonly<Record<string, string>>): Field {
  return h<Field>(
    'ui5-select',
    { id, accessibleName: label },
    ...Object.entries(options).map(([value, text]) => h('ui5-option', { value }, text)),
  );
}

function input(id: string, label: string, props: Record<string, unknown> = {}): Field {
  const field = h<Field>('ui5-input', { id, accessibleName: label, ...props });
  // a field marked wrong is unmarked as soon as it is edited; Add checks it again
  field.addEventListener('input', () => (field.valueState = 'None'));
  return field;
}

function addFaultDialog(reload: () => Promise<void>): void {
  const messages = h('div', { class: 'strips' });
  const target = select('fault-target', 'Target', TARGETS);
  const route = input('fault-route', 'Route prefix under /api/', { placeholder: 'calm-metrics/v1', maxlength: 200 });
  const client = input('fault-client', 'Client id', { placeholder: 'every client', maxlength: 200 });
  const kind = select('fault-kind', 'Effect', KINDS);
  const status = input('fault-status', 'Status code', { type: 'Number', value: '503' });
  const latency = input('fault-latency', 'Delay in milliseconds', { type: 'Number', value: '2000' });
  const probability = input('fault-probability', 'Probability in percent', { type: 'Number', value: '100' });
  const minutes = input('fault-minutes', 'Active for minutes', { type: 'Number', placeholder: 'until deleted' });
  const label = (id: string, text: string, required = false) => h('ui5-label', { for: id, required }, text);
  // one form grid of label and field pairs; the pairs that do not apply to the chosen target or effect are hidden
  const routePair = [label('fault-route', 'Route prefix under /api/'), route];
  const statusPair = [label('fault-status', 'Status code'), status];
  const latencyPair = [label('fault-latency', 'Delay (ms)'), latency];
  const show = (pair: HTMLElement[], shown: boolean) => pair.forEach((e) => (e.style.display = shown ? '' : 'none'));
  const follow = () => {
    show(routePair, target.value === 'api');
    show(statusPair, kind.value === 'status');
    show(latencyPair, kind.value === 'latency');
  };
  target.addEventListener('change', follow);
  kind.addEventListener('change', follow);
  follow();

  const dialog: Dialog = openDialog({
    title: 'Add Fault',
    initialFocus: 'fault-target',
    content: [
      h(
        'div',
        { class: 'form' },
        label('fault-target', 'Target', true),
        target,
        ...routePair,
        label('fault-client', 'Client id (empty: every client)'),
        client,
        label('fault-kind', 'Effect', true),
        kind,
        ...statusPair,
        ...latencyPair,
        label('fault-probability', 'Probability (%)'),
        probability,
        label('fault-minutes', 'Active for (minutes, empty: until deleted)'),
        minutes,
      ),
      messages,
    ],
    footer: [
      button('Add', () => void submit(), { design: 'Emphasized', id: 'fault-submit' }),
      button('Cancel', () => (dialog.open = false), { design: 'Transparent' }),
    ],
  });

  /** The fields as the REST body; a field that does not read as its number is marked and named. */
  function body(): AddFault | string {
    const number = (field: Field, name: string, min: number, max: number): number | string => {
      const value = Number(field.value);
      const ok = field.value.trim() !== '' && Number.isFinite(value) && value >= min && value <= max;
      field.valueState = ok ? 'None' : 'Negative';
      return ok ? value : `${name}: a number from ${min} to ${max}`;
    };
    const chosenKind = kind.value as AddFault['kind'];
    const percent = number(probability, 'Probability', 0, 100);
    if (typeof percent === 'string') return percent;
    const spec: AddFault = {
      target: target.value as AddFault['target'],
      kind: chosenKind,
      probability: percent / 100,
    };
    if (spec.target === 'api' && route.value.trim()) spec.route = route.value.trim();
    if (client.value.trim()) spec.clientId = client.value.trim();
    if (chosenKind === 'status') {
      const code = number(status, 'Status code', 400, 599);
      if (typeof code === 'string') return code;
      spec.status = Math.trunc(code);
    }
    if (chosenKind === 'latency') {
      const ms = number(latency, 'Delay', 1, 120_000);
      if (typeof ms === 'string') return ms;
      spec.latencyMs = Math.trunc(ms);
    }
    if (minutes.value.trim()) {
      const m = number(minutes, 'Active for', 1, 7 * 24 * 60);
      if (typeof m === 'string') return m;
      spec.activeForMs = Math.trunc(m * 60_000);
    }
    return spec;
  }

  async function submit(): Promise<void> {
    const spec = body();
    if (typeof spec === 'string') {
      replace(messages, strip('Negative', spec));
      return;
    }
    try {
      await answer(api.POST('/faults/v1/faults', { body: spec }));
      dialog.open = false;
      toast('Fault added: matching requests fail on purpose now.');
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }
}
