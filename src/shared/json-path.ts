/** Renders a path of object keys and array indexes the way our error messages name them: `uaa.credential-type`, `keys[0].kid`. */
export function jsonPath(segments: readonly (string | number)[]): string {
  if (segments.length === 0) return '$';
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
