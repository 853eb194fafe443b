/**
 * BTP cockpit: "Create instance" of a subaccount. The user picks the offering and its plan from SAP Service
 * Manager's catalog (`/v1/service_offerings`, `/v1/service_plans`; SAP Cloud ALM API's standard plan first);
 * the SAP Cloud ALM API plan takes credential types and scopes as parameters, a Service Manager plan none. The
 * create is asynchronous: the dialog shows it running until its operation ends, then opens the instance.
 */
import { api, seg } from '../api';
import { h, replace } from '../dom';
import { t } from '../i18n';
import { button, errorStrip, openDialog, strip, toast, type Dialog } from '../ui/kit';
import { change, CLOUD_ALM_API, offeringTitle, working, type Catalog } from './btp-sm';

type Input = HTMLElement & { value: string; valueState: string };
type Check = HTMLElement & { checked: boolean };
type Select = HTMLElement & { value: string };
type Pressable = HTMLElement & { disabled: boolean };

/** The offering and plan a new instance gets unless the user picks another: the SAP Cloud ALM API's one plan. */
const DEFAULT_PLAN = { offering: CLOUD_ALM_API, plan: 'standard' };

export function createInstanceDialog(subaccountId: string, catalog: Catalog): void {
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const name = h<Input>('ui5-input', {
    id: 'instance-name',
    required: true,
    accessibleName: t('btpCreate.instanceNameLabel'),
    placeholder: t('btpCreate.instanceNamePlaceholder'),
    maxlength: 32,
  });
  const offerings = [...catalog.offerings].sort(
    (a, b) => Number(b.name === DEFAULT_PLAN.offering) - Number(a.name === DEFAULT_PLAN.offering),
  );
  const offering = h<Select>(
    'ui5-select',
    { id: 'instance-offering', accessibleName: t('btp.service') },
    ...offerings.map((o, i) =>
      h('ui5-option', { value: o.id, selected: i === 0 }, `${offeringTitle(o.name)} (${o.name})`),
    ),
  );
  const plan = h<Select>('ui5-select', { id: 'instance-plan', accessibleName: t('btp.plan') });
  const planInfo = h('div', { class: 'muted', id: 'instance-plan-description' });

  // the parameters of the SAP Cloud ALM API plan; a service-manager instance takes none (its plan decides)
  const typeNames = ['binding-secret', 'instance-secret', 'x509'] as const;
  const types = typeNames.map((t) => h<Check>('ui5-checkbox', { text: t, checked: t === 'binding-secret' }));
  const monitoring = h<Check>('ui5-checkbox', {
    text: t('btpCreate.monitoringScopes'),
    checked: true,
    wrappingType: 'Normal',
  });
  // `hidden` on a plain div: the .form grid's display would override it
  const almParameters = h(
    'div',
    { id: 'instance-parameters' },
    h(
      'div',
      { class: 'form' },
      h('span', { id: 'types-label', class: 'muted' }, t('btpInstance.credentialTypes')),
      h('div', { class: 'row', attrs: { role: 'group', 'aria-labelledby': 'types-label' } }, ...types),
      h('span', { class: 'muted' }, t('btpInstance.scopes')),
      monitoring,
    ),
  );

  // the choice is kept here: a ui5-select answers its value only once it is rendered in the dialog
  let offeringId = offerings[0]?.id;
  let planId: string | undefined;
  const chosenOffering = () => catalog.offerings.find((o) => o.id === offeringId);
  const chosenPlan = () => catalog.plans.find((p) => p.id === planId);
  const showPlans = () => {
    const plans = catalog.plans
      .filter((p) => p.service_offering_id === offeringId)
      .sort((a, b) => a.name.localeCompare(b.name));
    const preferred = plans.find((p) => p.name === DEFAULT_PLAN.plan) ?? plans[0];
    planId = preferred?.id;
    replace(plan, ...plans.map((p) => h('ui5-option', { value: p.id, selected: p === preferred }, p.name)));
    showPlan();
  };
  const showPlan = () => {
    planInfo.textContent = chosenPlan()?.description ?? '';
    almParameters.hidden = chosenOffering()?.name !== CLOUD_ALM_API;
  };
  offering.addEventListener('change', () => {
    offeringId = offering.value;
    showPlans();
  });
  plan.addEventListener('change', () => {
    planId = plan.value;
    showPlan();
  });
  showPlans();

  const create = button(t('btp.create'), () => void submit(), {
    design: 'Emphasized',
    id: 'create-instance-submit',
  }) as Pressable;
  const dialog: Dialog = openDialog({
    title: t('btpCreate.title'),
    initialFocus: 'instance-name',
    content: [
      strip('Information', t('btpCreate.help')),
      h(
        'div',
        { class: 'form' },
        h('ui5-label', { for: 'instance-offering' }, t('btp.service')),
        offering,
        h('ui5-label', { for: 'instance-plan' }, t('btp.plan')),
        plan,
        h('span', {}),
        planInfo,
        h('ui5-label', { for: 'instance-name', required: true }, t('btpCreate.instanceName')),
        name,
      ),
      almParameters,
      messages,
    ],
    footer: [create, button(t('btp.cancel'), () => (dialog.open = false), { design: 'Transparent' })],
  });

  async function submit(): Promise<void> {
    const value = name.value.trim();
    name.valueState = /^[A-Za-z0-9._-]{1,32}$/.test(value) ? 'None' : 'Negative';
    const servicePlan = chosenPlan();
    const isAlm = chosenOffering()?.name === CLOUD_ALM_API;
    const chosen = typeNames.filter((_t, i) => types[i]?.checked);
    const authorities = monitoring.checked
      ? ['metrics.write', 'metrics.read', 'hm.write', 'hm.read', 'logs.write', 'logs.read'].map(
          (a) => `$XSMASTERAPPNAME.calm-api.${a}`,
        )
      : [];
    const problem =
      name.valueState === 'Negative'
        ? t('btp.nameRule')
        : !servicePlan
          ? t('btpCreate.choosePlan')
          : isAlm && chosen.length === 0
            ? t('btpCreate.chooseType')
            : undefined;
    if (problem || !servicePlan) {
      replace(messages, strip('Negative', problem ?? t('btpCreate.choosePlan')));
      return;
    }
    const body = {
      name: value,
      service_plan_id: servicePlan.id,
      ...(isAlm
        ? {
            parameters: {
              'xs-security': {
                ...(authorities.length ? { authorities } : {}),
                'oauth2-configuration': { 'credential-types': chosen },
              },
            },
          }
        : {}),
    };
    create.disabled = true;
    try {
      const createdId = await change(
        api.POST('/v1/service_instances', { params: { query: { subaccount_id: subaccountId } }, body }),
        () => replace(messages, working(t('btpCreate.creating', value))),
      );
      toast(t('btpCreate.created', value));
      // closed while it was created: the user went on; otherwise show the new instance
      if (!dialog.isConnected) return;
      dialog.open = false;
      if (createdId) window.location.hash = `#/btp/instances/${seg(createdId)}`;
    } catch (error) {
      replace(messages, errorStrip(error));
    } finally {
      create.disabled = false;
    }
  }
}
