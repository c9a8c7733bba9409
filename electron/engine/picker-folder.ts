import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { err, ok, type Result } from '../../shared/result';

/**
 * The folder the in-app file picker (files:list) opens, from what the user typed into it.
 * null stays null (the home folder). A leading "~" is the home folder of the user the host
 * runs as, as a shell reads it ("~", "~/protos"). Anything else must be absolute: a relative
 * path would resolve against the engine process's working folder, which the user neither
 * sees nor chose, so it is refused with advice instead.
 */
export function pickerFolder(path: string | null, home: string = homedir()): Result<string | null> {
  if (path === null) return ok(null);
  const typed = path.trim();
  if (typed === '') return ok(null);
  if (typed === '~') return ok(home);
  const tilde = /^~([/\\])(.*)$/s.exec(typed);
  if (tilde) return ok(join(home, tilde[2] ?? ''));
  if (typed.startsWith('~')) {
    return err('INVALID_REQUEST', `"${typed}": only ~ (your home folder, ${home}) is expanded, not ~name. Type an absolute folder path, e.g. ${join(home, 'protos')}.`, { path });
  }
  if (!isAbsolute(typed)) {
    return err(
      'INVALID_REQUEST',
      `"${typed}" is a relative path, and the host would read it against its own working folder. Type an absolute folder path, e.g. ${join(home, typed)}, or start with ~ for your home folder (${home}).`,
      { path },
    );
  }
  return ok(typed);
}
