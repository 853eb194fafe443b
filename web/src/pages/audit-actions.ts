/**
 * The audit catalogue's actions (src/audit/catalog.ts) in words, for the audit page's table, its choice of
 * actions and the CSV: the key `auditAction.<code>` of the text bundles (web/src/i18n/, English and German).
 * test/audit-action-names.test.ts fails when the catalogue has an action without a name there. An action this
 * page does not know (a newer server) is shown by its code.
 */
import { hasText, t, textKeys } from '../i18n';

/** An action's name in the UI's language; its code when the bundles do not name it. */
export function actionName(code: string): string {
  const key = `auditAction.${code}`;
  return hasText(key) ? t(key) : code;
}

/** Every action the bundles name, code → name, for the choice of actions. */
export function auditActionNames(): Record<string, string> {
  return Object.fromEntries(
    textKeys()
      .filter((key) => key.startsWith('auditAction.'))
      .map((key) => [key.slice('auditAction.'.length), t(key)]),
  );
}

/** An outcome (`success`, `failure`, `denied`) in words; as sent when unknown. */
export function outcomeName(outcome: string): string {
  const key = `auditOutcome.${outcome}`;
  return hasText(key) ? t(key) : outcome;
}
