/**
 * The BTP cockpit's instance page (btp-instance-view.ts: the object page of an instance and its service keys),
 * loaded when first opened: a chunk of its own, not in the first load (as btp-accounts.ts).
 */
export const instancePage = async (id: string): Promise<HTMLElement> =>
  (await import('./btp-instance-view')).instancePage(id);
