/**
 * The BTP cockpit's account pages (btp-accounts-view.ts: Account Explorer, a global account, a subaccount's
 * Instances and Subscriptions), loaded when first opened: a chunk of their own with the instance page and the
 * key dialogs, not in the first load (test/web-ui-compression.test.ts holds it to its budget).
 */
const view = () => import('./btp-accounts-view');

export const accountExplorerPage = async (): Promise<HTMLElement> => (await view()).accountExplorerPage();
export const globalAccountPage = async (id: string): Promise<HTMLElement> => (await view()).globalAccountPage(id);
export const subaccountPage = async (id: string): Promise<HTMLElement> => (await view()).subaccountPage(id);
