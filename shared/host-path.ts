/**
 * What a path the host receives may contain. Paths come from untrusted places (a collection
 * from someone's repository, a saved workspace), and some of them end up as protoc arguments:
 * a control character (a newline in a protoc response file splits one argument into two) could
 * turn a path into a flag such as `--plugin=`, which runs any executable. So control characters
 * are refused everywhere a path enters, not only where protoc is run.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Why `path` cannot be a host path, or null when it can. */
export function hostPathProblem(path: string): string | null {
  const match = CONTROL_CHARACTER.exec(path);
  if (match === null) return null;
  const code = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return `A path cannot contain control characters (found U+${code} at character ${match.index + 1}).`;
}
