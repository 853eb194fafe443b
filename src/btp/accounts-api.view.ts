/**
 * SAP's Accounts service API (`accounts/v1` of the Cloud Management service for SAP BTP) as far as calm-keys'
 * data goes: the response schemas (the OpenAPI document's components and the response check of the tests) and
 * the presenters from the account service's records. Field names and meanings follow SAP's Accounts service
 * reference as SAP's own btp Terraform provider reads it (`internal/btpcli/types/cis/*_response_object.go` in
 * SAP/terraform-provider-btp); dates are epoch milliseconds as that reference sends them. Only fields calm-keys
 * can fill truthfully are here (src/btp/README.md, "Accounts service API").
 */
import { z } from 'zod';

const epochMs = z.number().int().describe('Epoch milliseconds (UTC), as SAP sends dates');

export const accountsSubaccountSchema = z
  .strictObject({
    guid: z.string().describe('Unique ID of the subaccount'),
    technicalName: z.string().describe('The account identifier (tenant ID) in XSUAA: its identity zone id'),
    parentGUID: z.string().describe('The global account: calm-keys has no directories'),
    globalAccountGUID: z.string(),
    displayName: z.string(),
    description: z.string().describe('Always empty: calm-keys keeps no description'),
    subdomain: z.string(),
    region: z.string(),
    state: z.literal('OK').describe('Creation is synchronous, so a subaccount is always OK'),
    betaEnabled: z.literal(false),
    usedForProduction: z.literal('UNSET').describe("SAP's default: nobody set the production-relevancy flag"),
    createdDate: epochMs,
    modifiedDate: epochMs.describe('The creation time: calm-keys has no updates of subaccounts'),
  })
  .meta({ id: 'AccountsSubaccount', description: "A subaccount in SAP's Accounts service shape (accounts/v1)." });

export const accountsSubaccountListSchema = z
  .strictObject({ value: z.array(accountsSubaccountSchema) })
  .meta({ id: 'AccountsSubaccountList' });

export const accountsGlobalAccountSchema = z
  .strictObject({
    guid: z.string(),
    displayName: z.string(),
    description: z.string().describe('Always empty: calm-keys keeps no description'),
    entityState: z.literal('OK'),
    createdDate: epochMs,
    modifiedDate: epochMs.describe('The creation time: calm-keys has no updates of global accounts'),
    subaccounts: z
      .array(accountsSubaccountSchema)
      .optional()
      .describe('With ?expand=true: the subaccounts of the global account the caller administers'),
  })
  .meta({ id: 'AccountsGlobalAccount', description: "The caller's global account in SAP's Accounts service shape." });

export type AccountsSubaccount = z.output<typeof accountsSubaccountSchema>;
export type AccountsGlobalAccount = z.output<typeof accountsGlobalAccountSchema>;

const millis = (iso: string) => Date.parse(iso);

export function toAccountsSubaccount(s: {
  id: string;
  globalAccountId: string;
  name: string;
  subdomain: string;
  region: string;
  createdAt: string;
}): AccountsSubaccount {
  const created = millis(s.createdAt);
  return {
    guid: s.id,
    // the subaccount's XSUAA identity zone carries its id (accounts.service.ts, createZone)
    technicalName: s.id,
    parentGUID: s.globalAccountId,
    globalAccountGUID: s.globalAccountId,
    displayName: s.name,
    description: '',
    subdomain: s.subdomain,
    region: s.region,
    state: 'OK',
    betaEnabled: false,
    usedForProduction: 'UNSET',
    createdDate: created,
    modifiedDate: created,
  };
}

export function toAccountsGlobalAccount(
  g: { id: string; name: string; createdAt: string },
  subaccounts?: readonly AccountsSubaccount[],
): AccountsGlobalAccount {
  const created = millis(g.createdAt);
  return {
    guid: g.id,
    displayName: g.name,
    description: '',
    entityState: 'OK',
    createdDate: created,
    modifiedDate: created,
    ...(subaccounts ? { subaccounts: [...subaccounts] } : {}),
  };
}
