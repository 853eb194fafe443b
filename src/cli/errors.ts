/**
 * The CLI's own error codes (usage errors and a server it cannot reach); what the server answers keeps the
 * server's code. Like every module's catalogue: written once here, used by name.
 */
export const CLI_ERRORS = {
  unknown_noun: 'cli.unknown_noun',
  bad_parameters: 'cli.bad_parameters',
  missing_option: 'cli.missing_option',
  bad_format: 'cli.bad_format',
  binding_only: 'cli.binding_only',
  format_needs_output: 'cli.format_needs_output',
  cannot_create: 'cli.cannot_create',
  cannot_delete: 'cli.cannot_delete',
  confirm: 'cli.confirm',
  http_error: 'cli.http_error',
  operation_failed: 'cli.operation_failed',
  operation_timeout: 'cli.operation_timeout',
  bad_paging: 'cli.bad_paging',
  no_credentials: 'cli.no_credentials',
  unreachable: 'cli.unreachable',
  no_token: 'cli.no_token',
} as const;

export type CliErrorCode = (typeof CLI_ERRORS)[keyof typeof CLI_ERRORS];
