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
import { t, type TextKey } from '../i18n';

type Fault = Schemas['FaultView'];
type AddFault = Schemas['AddFault'];
type Field = HTMLElement & { value: string; valueState: string };

const TARGETS: Readonly<Record<AddFault['target'], TextKey>> = {
  token: 'faults.targetToken',
  jwks: 'faults.targetJwks',
  api: 'faults.targetApi',
};
const KINDS: Readonly<Record<AddFault['kind'], TextKey>> = {
  status: 'faults.kindStatus',
  latency: 'faults.kindLatency',
  reset: 'faults.kindReset',
  rate_limit: 'faults.kindRateLimit',
};

/** "503 Service Unavailable"-like words for a fault's effect, as a tester reads it. */
function effectText(f: Fault): string {
  if (f.kind === 'status') return t('faults.effectStatus', f.status ?? '');
  if (f.kind === 'latency') return t('faults.effectLatency', f.latencyMs ?? '');
  if (f.kind === 'reset') return t('faults.effectReset');
  return t('faults.effectRateLimit', f.retryAfterSeconds ?? 1);
}

export async function faultsPage(): Promise<HTMLElement> {
  let faults: Fault[] = (await answer(api.GET('/faults/v1/faults'))).items;
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const area = h('div');
  const count = h('ui5-title', { level: 'H2', size: 'H5', id: 'faults-title' }, '');
  const clearAll = button(t('faults.clearAll'), () => void clear(), {
    id: 'faults-clear',
    design: 'Transparent',
    icon: 'delete',
  });

  async function reload(): Promise<void> {
    faults = (await answer(api.GET('/faults/v1/faults'))).items;
    render();
  }

  function render(): void {
    count.textContent = t('faults.activeCount', faults.length);
    (clearAll as HTMLElement & { disabled: boolean }).disabled = faults.length === 0;
    replace(
      area,
      table({
        id: 'faults',
        accessibleName: t('faults.activeName'),
        noDataText: t('faults.none'),
        columns: [
          { header: t('faults.colTarget'), minWidth: '10rem', importance: 10 },
          { header: t('faults.colClient'), minWidth: '12rem', importance: 6 },
          { header: t('faults.colEffect'), minWidth: '10rem', importance: 9 },
          { header: t('faults.colProbability'), minWidth: '6rem', importance: 4 },
          { header: t('faults.colUntil'), minWidth: '9rem', importance: 3 },
          { header: t('faults.colAdded'), minWidth: '9rem', importance: 2 },
          { header: t('faults.colActions'), minWidth: '6rem', importance: 1 },
        ],
        rows: faults.map((f) => [
          f.route ? `${f.target}: ${f.route}` : f.target,
          f.clientId ?? h('span', { class: 'muted' }, t('faults.everyClient')),
          effectText(f),
          t('faults.percent', Math.round(f.probability * 100)),
          f.expiresAt ? formatDateTime(f.expiresAt) : h('span', { class: 'muted' }, t('faults.untilDeleted')),
          t('faults.addedBy', formatDateTime(f.createdAt), f.createdBy),
          button(t('faults.delete'), () => void remove(f), {
            design: 'Transparent',
            icon: 'delete',
            accessibleName: t('faults.deleteName', effectText(f), f.target),
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
      t('faults.deleted'),
    );

  async function clear(): Promise<void> {
    const ok = await confirm({
      title: t('faults.clearTitle'),
      text: [t('faults.clearText', faults.length)],
      confirmText: t('faults.clearAll'),
    });
    if (ok) await act(() => answer(api.DELETE('/faults/v1/faults')), t('faults.allDeleted'));
  }

  render();
  const toolbar = h(
    'ui5-bar',
    { design: 'Subheader', accessibleName: t('faults.toolbar') },
    h('div', { slot: 'startContent' }, count),
    h(
      'div',
      { slot: 'endContent', class: 'row' },
      clearAll,
      button(t('faults.addFault'), () => addFaultDialog(reload), {
        icon: 'add',
        id: 'fault-add',
        design: 'Emphasized',
      }),
    ),
  );
  return page(
    {
      title: t('faults.title'),
      subtitle: t('faults.subtitle'),
    },
    h('p', { class: 'muted' }, t('faults.intro')),
    messages,
    h('section', { class: 'section', attrs: { 'aria-labelledby': 'faults-title' } }, toolbar, area),
  );
}

function select(id: string, label: string, options: Readonly<Record<string, TextKey>>): Field {
  return h<Field>(
    'ui5-select',
    { id, accessibleName: label },
    ...Object.entries(options).map(([value, key]) => h('ui5-option', { value }, t(key))),
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
  const target = select('fault-target', t('faults.target'), TARGETS);
  const route = input('fault-route', t('faults.routePrefix'), { placeholder: 'calm-metrics/v1', maxlength: 200 });
  const client = input('fault-client', t('faults.clientId'), {
    placeholder: t('faults.everyClientPlaceholder'),
    maxlength: 200,
  });
  const kind = select('fault-kind', t('faults.effect'), KINDS);
  const status = input('fault-status', t('faults.statusCode'), { type: 'Number', value: '503' });
  const latency = input('fault-latency', t('faults.delayMs'), { type: 'Number', value: '2000' });
  const probability = input('fault-probability', t('faults.probabilityPercent'), { type: 'Number', value: '100' });
  const minutes = input('fault-minutes', t('faults.activeMinutes'), {
    type: 'Number',
    placeholder: t('faults.untilDeletedPlaceholder'),
  });
  const label = (id: string, text: string, required = false) => h('ui5-label', { for: id, required }, text);
  // one form grid of label and field pairs; the pairs that do not apply to the chosen target or effect are hidden
  const routePair = [label('fault-route', t('faults.routePrefix')), route];
  const statusPair = [label('fault-status', t('faults.statusCode')), status];
  const latencyPair = [label('fault-latency', t('faults.delayLabel')), latency];
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
    title: t('faults.addFault'),
    initialFocus: 'fault-target',
    content: [
      h(
        'div',
        { class: 'form' },
        label('fault-target', t('faults.target'), true),
        target,
        ...routePair,
        label('fault-client', t('faults.clientLabel')),
        client,
        label('fault-kind', t('faults.effect'), true),
        kind,
        ...statusPair,
        ...latencyPair,
        label('fault-probability', t('faults.probabilityLabel')),
        probability,
        label('fault-minutes', t('faults.minutesLabel')),
        minutes,
      ),
      messages,
    ],
    footer: [
      button(t('faults.add'), () => void submit(), { design: 'Emphasized', id: 'fault-submit' }),
      button(t('faults.cancel'), () => (dialog.open = false), { design: 'Transparent' }),
    ],
  });

  /** The fields as the REST body; a field that does not read as its number is marked and named. */
  function body(): AddFault | string {
    const number = (field: Field, name: string, min: number, max: number): number | string => {
      const value = Number(field.value);
      const ok = field.value.trim() !== '' && Number.isFinite(value) && value >= min && value <= max;
      field.valueState = ok ? 'None' : 'Negative';
      return ok ? value : t('faults.numberRange', name, min, max);
    };
    const chosenKind = kind.value as AddFault['kind'];
    const percent = number(probability, t('faults.probability'), 0, 100);
    if (typeof percent === 'string') return percent;
    const spec: AddFault = {
      target: target.value as AddFault['target'],
      kind: chosenKind,
      probability: percent / 100,
    };
    if (spec.target === 'api' && route.value.trim()) spec.route = route.value.trim();
    if (client.value.trim()) spec.clientId = client.value.trim();
    if (chosenKind === 'status') {
      const code = number(status, t('faults.statusCode'), 400, 599);
      if (typeof code === 'string') return code;
      spec.status = Math.trunc(code);
    }
    if (chosenKind === 'latency') {
      const ms = number(latency, t('faults.delay'), 1, 120_000);
      if (typeof ms === 'string') return ms;
      spec.latencyMs = Math.trunc(ms);
    }
    if (minutes.value.trim()) {
      const m = number(minutes, t('faults.activeFor'), 1, 7 * 24 * 60);
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
      toast(t('faults.addedToast'));
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }
}
