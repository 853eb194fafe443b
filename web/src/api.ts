/**
 * The one way the UI talks to calm-keys: same-origin fetch with the session cookie (HttpOnly, SameSite=Strict,
 * so this code never sees it). Errors arrive as `{"error":{code,message,details,warnings}}` and become ApiError.
 * Nothing is logged and nothing is stored in the browser.
 */
import type { Problem } from './types';

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

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: Problem[]; warnings?: Problem[] } };
    if (body.error) return new ApiError(response.status, body.error.code ?? 'unknown', body.error.message ?? response.statusText, body.error.details ?? [], body.error.warnings ?? []);
  } catch {
    // not JSON: fall through to the status text
  }
  return new ApiError(response.status, 'http', `The server answered ${response.status} ${response.statusText}.`);
}

export interface CallOptions {
  /** JSON body, or FormData for file uploads. */
  readonly body?: unknown;
  /** Do not treat 401 as an expired session (the sign-in form itself). */
  readonly signIn?: boolean;
}

export async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network', 'calm-keys cannot be reached. Check that the server is running, then try again.');
  }
  if (response.status === 401 && !options.signIn) {
    onUnauthenticated();
    throw await errorOf(response);
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const get = <T>(path: string) => call<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => call<T>('POST', path, body === undefined ? {} : { body });
export const del = (path: string) => call<void>('DELETE', path);

/** Encodes one path segment (ids come from the server, but never trust a string into a URL). */
export const seg = (value: string) => encodeURIComponent(value);

/**
 * Starts a file download from a same-origin URL: the browser saves what the server sends with
 * Content-Disposition; the file's content never passes through this page's JavaScript.
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
