/**
 * Reading fields of an untrusted JSON object, and quoting values in messages. Own properties only: a key
 * without `uaa.constructor` must not find Object.prototype.constructor.
 */
import type { JsonObject } from './service-key.types.js';

export type JsonTypeName = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export function jsonTypeName(value: unknown): JsonTypeName {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'object';
}

/** "an array", "a number": for sentences. */
export function withArticle(type: JsonTypeName): string {
  return type === 'null' ? 'null' : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function ownField(object: JsonObject, name: string): unknown {
  return Object.hasOwn(object, name) ? object[name] : undefined;
}

export function hasOwnField(object: JsonObject, name: string): boolean {
  return Object.hasOwn(object, name);
}

/** The outcome of reading a field that should hold a string. */
export type StringField =
  | { readonly kind: 'missing' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'wrong-type'; readonly type: JsonTypeName }
  | { readonly kind: 'ok'; readonly value: string };

export function readString(object: JsonObject, name: string): StringField {
  if (!Object.hasOwn(object, name)) return { kind: 'missing' };
  const value = object[name];
  if (typeof value !== 'string') return { kind: 'wrong-type', type: jsonTypeName(value) };
  if (value.trim() === '') return { kind: 'empty' };
  return { kind: 'ok', value };
}

/** "uaa.clientid is missing." and the like, for a field that is not a usable string. */
export function badString(path: string, field: Exclude<StringField, { kind: 'ok' }>): string {
  if (field.kind === 'missing') return `${path} is missing.`;
  if (field.kind === 'empty') return `${path} is empty.`;
  return `${path} must be a string, but it is ${withArticle(field.type)}.`;
}

/** The string value of a field, or undefined when it is missing, empty or not a string. */
export function stringOf(object: JsonObject | undefined, name: string): string | undefined {
  if (object === undefined) return undefined;
  const field = readString(object, name);
  return field.kind === 'ok' ? field.value : undefined;
}

export function objectOf(object: JsonObject | undefined, name: string): JsonObject | undefined {
  if (object === undefined) return undefined;
  const value = ownField(object, name);
  return isJsonObject(value) ? value : undefined;
}

const MAX_QUOTED = 80;

/**
 * A value as it may appear in a message: JSON-quoted, shortened, never multi-line. Only for values that are
 * not secret (zones, credential types); callers never pass a secret field's value here.
 */
export function quote(value: string): string {
  const short = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
  return JSON.stringify(short);
}

/** A URL for a message, without any user:password part it might carry. */
export function quoteUrl(url: URL | string): string {
  if (typeof url === 'string') return quote(url.replace(/\/\/[^/@\s]*@/, '//'));
  const shown = new URL(url.href);
  shown.username = '';
  shown.password = '';
  return quote(shown.href);
}
