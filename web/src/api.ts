/**
 * The one way the UI talks to calm-keys: openapi-fetch over the types generated from the server's OpenAPI
 * document (`generated/api.d.ts`, `npm run gen:api`), same-origin with the session cookie (HttpOnly,
 * SameSite=Strict, so this code never sees it). Paths, parameters, bodies and answers are checked by tsc against
 * the document. Errors arrive as `{"error":{code,message,details,warnings}}` (or, from the Service Manager API
 * `/v1`, SAP's `{"error","description","code"}`) and become ApiError.
 * Nothing is logged and nothing is stored in the browser.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from '../../generated/api';
import { t } from './i18n';

/** The server's answers by their OpenAPI component name (SlotView, InstanceView, ...). */
export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly Problem[] = [],
    readonly warnings: readonly Problem[] = [],
  ) {
    super(message);
  }
}

type Unauthenticated = () => void;
let onUnauthenticated: Unauthenticated = () => undefined;

/** What happens when a call answers 401 (the session expired or was signed out elsewhere). */
export function whenUnauthenticated(handler: Unauthenticated): void {
  onUnauthenticated = handler;
}

function errorOf(response: Response, body: unknown): ApiError {
  const error = (
    body as { error?: { code?: string; message?: string; details?: Problem[]; warnings?: Problem[] } } | undefined
  )?.error;
  // the Service Manager API (`/v1`) answers SAP's `{error: "NotFound", description, code}` instead
  const sm = body as { error?: unknown; description?: unknown; code?: unknown } | undefined;
  if (typeof sm?.error === 'string' && typeof sm.description === 'string')
    return new ApiError(response.status, typeof sm.code === 'string' ? sm.code : sm.error, sm.description);
  if (error && typeof error === 'object')
    return new ApiError(
      response.status,
      error.code ?? 'unknown',
      error.message ?? response.statusText,
      error.details ?? [],
      error.warnings ?? [],
    );
  return new ApiError(response.status, 'http', t('api.serverAnswered', response.status, response.statusText));
}

/** The typed client: `api.GET('/lm/v1/tenants/{tenantId}/service-key', { params: { path: { tenantId } } })`; wrap calls in `answer`. */
export const api = createClient<paths>({
  baseUrl: window.location.origin,
  headers: { accept: 'application/json' },
  credentials: 'same-origin',
  cache: 'no-store',
});

export interface AnswerOptions {
  /** Do not treat 401 as an expired session (the sign-in form itself). */
  readonly signIn?: boolean;
}

/** The success body of a typed call; a refusal throws ApiError, a 401 first tells the shell the session ended. */
export async function answer<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
  options: AnswerOptions = {},
): Promise<T> {
  return (await answerWithResponse(pending, options)).data;
}

/** As `answer`, with the response too: its status and headers (the `Location` of a Service Manager operation). */
export async function answerWithResponse<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
  options: AnswerOptions = {},
): Promise<{ data: T; response: Response }> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await pending;
  } catch {
    throw new ApiError(0, 'network', t('api.unreachable'));
  }
  const { data, error, response } = result;
  if (response.status === 401 && !options.signIn) onUnauthenticated();
  if (!response.ok) throw errorOf(response, error);
  return { data: data as T, response };
}

/**
 * The options of a file upload as the browser sends it: multipart/form-data with the file in the part named
 * "file" (the document declares that part as binary, a string in the generated types; the serializer sends the File).
 */
export function multipart(file: File): { body: { file: string }; bodySerializer: () => FormData } {
  return {
    body: { file: file.name },
    bodySerializer: () => {
      const form = new FormData();
      form.append('file', file, file.name);
      return form;
    },
  };
}

/**
 * Starts a file download from a same-origin URL: the browser saves what the server sends with
 * Content-Disposition; the file's content never passes through this page's JavaScript. `path` is one of the
 * document's download routes, with its parameters filled in (`downloadPath`).
 */
export function download(path: string): void {
  const link = document.createElement('a');
  link.href = path;
  link.download = '';
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
}

/** A route of the document with its path parameters filled in (encoded), for links and downloads. */
export function downloadPath<P extends keyof paths>(path: P, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** Encodes one path segment of a UI route (ids come from the server, but never trust a string into a URL). */
export const seg = (value: string) => encodeURIComponent(value);
