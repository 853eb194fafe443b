/**
 * SAP's Accounts service API (`/accounts/v1`, the Cloud Management service for SAP BTP) over calm-keys' global
 * accounts and subaccounts, for tools written against SAP's API; the web UI and the CLI keep `/btp/v1`
 * (btp-accounts.routes.ts). Same people, same guard: a person's session or API token sees only what it
 * administers (src/btp/README.md, "Accounts service API"). Errors keep the project's envelope, whose
 * `error.code`/`error.message`/`error.details` SAP's documented Core Services error shape also has.
 */
import { z } from 'zod';
import { accountsApiViews as views, type Btp } from '../../btp/index.js';
import { BTP_ERRORS } from '../../btp/errors.js';
import { SHARED_ERRORS } from '../../shared/error-codes.js';
import { XSUAA_ERRORS } from '../../xsuaa/errors.js';
import { defineRoute, json, type AnyRoute } from '../contract/route.js';
import { auth, tag } from './btp-route-parts.js';

const guid = z.string().min(1).max(100);
const globalAccountQuery = z.object({
  expand: z.enum(['true', 'false']).optional().describe("true: the global account's subaccounts too (SAP's expand)"),
  globalAccountGUID: guid
    .optional()
    .describe(
      'calm-keys only: which global account, for a person administering several (SAP credentials belong to one)',
    ),
});
const subaccountParams = z.object({ subaccountGUID: guid });

/** SAP's create body as far as calm-keys stores it: anything else (description, labels, ...) is refused by name. */
export const accountsSubaccountBody = z.strictObject({
  displayName: z.string().min(1).max(100),
  subdomain: z.string().min(1).max(63),
  region: z.string().min(1).max(20),
  parentGUID: guid.optional().describe('The global account (calm-keys has no directories); default: yours'),
});

const GA_ERRORS = {
  400: [BTP_ERRORS.global_account_required],
  403: [SHARED_ERRORS.forbidden],
  404: [BTP_ERRORS.global_account_not_found],
} as const;

export function btpAccountsApiRoutes(accounts: Btp['accounts']): AnyRoute[] {
  const subaccountsOf = async (actor: Parameters<typeof accounts.listSubaccountRecords>[0], ga?: string) =>
    (await accounts.listSubaccountRecords(actor))
      .filter((s) => ga === undefined || s.globalAccountId === ga)
      .map(views.toAccountsSubaccount);
  return [
    defineRoute({
      method: 'GET',
      path: '/accounts/v1/globalAccount',
      summary: "Your global account (SAP's Accounts service API)",
      tag,
      auth,
      query: globalAccountQuery,
      responses: { 200: json('The global account', views.accountsGlobalAccountSchema) },
      errors: GA_ERRORS,
      handler: async ({ actor, query }) => {
        const ga = await accounts.callerGlobalAccount(actor, query.globalAccountGUID);
        const subaccounts = query.expand === 'true' ? await subaccountsOf(actor, ga.id) : undefined;
        return views.toAccountsGlobalAccount(ga, subaccounts);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/accounts/v1/subaccounts',
      summary: "Subaccounts you administer (SAP's Accounts service API)",
      tag,
      auth,
      responses: { 200: json('Subaccounts', views.accountsSubaccountListSchema) },
      errors: {},
      handler: async ({ actor }) => ({ value: await subaccountsOf(actor) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/accounts/v1/subaccounts/{subaccountGUID}',
      summary: "A subaccount (SAP's Accounts service API)",
      tag,
      auth,
      params: subaccountParams,
      responses: { 200: json('The subaccount', views.accountsSubaccountSchema) },
      errors: { 404: [BTP_ERRORS.subaccount_not_found] },
      handler: async ({ actor, params }) =>
        views.toAccountsSubaccount(await accounts.getSubaccountRecord(actor, params.subaccountGUID)),
    }),
    defineRoute({
      method: 'POST',
      path: '/accounts/v1/subaccounts',
      summary: "Create a subaccount with its identity zone (SAP's Accounts service API)",
      description: 'Synchronous: answers 201 with the subaccount in state OK (SAP answers while it is still creating).',
      tag,
      auth,
      body: accountsSubaccountBody,
      responses: { 201: json('Created', views.accountsSubaccountSchema) },
      errors: {
        400: [BTP_ERRORS.global_account_required, BTP_ERRORS.bad_region, XSUAA_ERRORS.bad_subdomain],
        403: [SHARED_ERRORS.forbidden],
        404: [BTP_ERRORS.global_account_not_found],
        409: [BTP_ERRORS.subdomain_taken],
      },
      handler: async ({ actor, body }) => {
        const ga = await accounts.callerGlobalAccount(actor, body.parentGUID);
        const created = await accounts.createSubaccount(actor, {
          globalAccountId: ga.id,
          name: body.displayName,
          subdomain: body.subdomain,
          region: body.region,
        });
        return views.toAccountsSubaccount(await accounts.getSubaccountRecord(actor, created.id));
      },
    }),
  ];
}
