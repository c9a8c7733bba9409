/**
 * Split a command line the way a POSIX shell (sh, bash, zsh) splits it into words, without
 * running anything: quotes and backslashes are removed, backslash-newline continues a line,
 * `$'...'` (ANSI-C quoting) is decoded, and `# comments` are skipped. Nothing is expanded:
 * `$NAME` and `${NAME}` stay as typed (and are reported), and command substitution is refused.
 */
export type ShellWords =
  | {
      ok: true;
      words: string[];
      /** Shell variables used unquoted or in double quotes (kept as typed, not expanded). */
      variables: string[];
      /** What follows the first control operator (|, ;, &, <, >, a newline), or null. */
      rest: string | null;
    }
  | { ok: false; message: string };

const OPERATORS = new Set(['|', ';', '&', '<', '>', '(', ')']);
const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

export function splitShellWords(input: string): ShellWords {
  const text = input.replace(/\r\n?/g, '\n');
  const words: string[] = [];
  const variables: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;

  const finishWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const noteVariable = (at: number): number => {
    // at points just past "$"; returns the index after the variable reference (or at when there is none).
    const braced = /^\{([^}]*)\}/.exec(text.slice(at));
    if (braced) {
      variables.push(braced[1] ?? '');
      return at + braced[0].length;
    }
    const named = /^([A-Za-z_][A-Za-z0-9_]*|[0-9#?$!@*-])/.exec(text.slice(at));
    if (named) {
      variables.push(named[1] ?? '');
      return at + (named[1] ?? '').length;
    }
    return at;
  };
  const substitution = (): ShellWords => ({
    ok: false,
    message: 'The command uses shell command substitution ($(...) or `...`), which cannot be imported: paste it with the values filled in.',
  });

  while (i < text.length) {
    const c = text[i] as string;

    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) {
        i += 1;
        continue;
      }
      if (next === '\n') {
        i += 2; // line continuation
        continue;
      }
      word += next;
      inWord = true;
      i += 2;
      continue;
    }

    if (c === ' ' || c === '\t') {
      finishWord();
      i += 1;
      continue;
    }

    if (c === '\n' || OPERATORS.has(c)) {
      // Blank or comment lines before the command are skipped; anything after it ends it.
      if (c === '\n' && words.length === 0 && !inWord) {
        i += 1;
        continue;
      }
      // "2>&1", "2> err.log": the descriptor number belongs to the redirection, not the command.
      if ((c === '<' || c === '>') && inWord && /^\d+$/.test(word)) {
        word = '';
        inWord = false;
      }
      finishWord();
      const rest = text.slice(i).trim();
      const onlyComments = rest.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('#'));
      return { ok: true, words, variables, rest: onlyComments ? null : rest };
    }

    if (c === '#' && !inWord) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      continue;
    }

    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return { ok: false, message: 'The command has a single quote (\') that is never closed.' };
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }

    if (c === '$' && text[i + 1] === "'") {
      const decoded = ansiC(text, i + 2);
      if (decoded === null) return { ok: false, message: "The command has a $'...' string that is never closed." };
      word += decoded.value;
      inWord = true;
      i = decoded.end;
      continue;
    }

    if (c === '"') {
      i += 1;
      let closed = false;
      while (i < text.length) {
        const d = text[i] as string;
        if (d === '"') {
          closed = true;
          i += 1;
          break;
        }
        if (d === '\\') {
          const next = text[i + 1];
          if (next === '\n') i += 2;
          else if (next === '$' || next === '`' || next === '"' || next === '\\') {
            word += next;
            i += 2;
          } else {
            word += d;
            i += 1;
          }
          continue;
        }
        if (d === '`' || (d === '$' && text[i + 1] === '(')) return substitution();
        if (d === '$') {
          const after = noteVariable(i + 1);
          word += text.slice(i, after);
          i = after;
          continue;
        }
        word += d;
        i += 1;
      }
      if (!closed) return { ok: false, message: 'The command has a double quote (") that is never closed.' };
      inWord = true;
      continue;
    }

    if (c === '`' || (c === '$' && text[i + 1] === '(')) return substitution();
    if (c === '$' && text[i + 1] === '"') {
      i += 1; // $"..." (a translatable string) is a double-quoted string
      continue;
    }
    if (c === '$') {
      const after = noteVariable(i + 1);
      word += text.slice(i, after);
      inWord = true;
      i = after;
      continue;
    }

    word += c;
    inWord = true;
    i += 1;
  }
  finishWord();
  return { ok: true, words, variables, rest: null };
}

/** Decodes a $'...' body starting at `start` (just past the opening quote). */
function ansiC(text: string, start: number): { value: string; end: number } | null {
  let value = '';
  let i = start;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "'") return { value, end: i + 1 };
    if (c !== '\\') {
      value += c;
      i += 1;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) return null;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      value += simple;
      i += 2;
      continue;
    }
    const hex = next === 'x' ? /^[0-9A-Fa-f]{1,2}/ : next === 'u' ? /^[0-9A-Fa-f]{1,4}/ : next === 'U' ? /^[0-9A-Fa-f]{1,8}/ : null;
    if (hex) {
      const digits = hex.exec(text.slice(i + 2))?.[0];
      if (digits) {
        const code = parseInt(digits, 16);
        value += next === 'x' ? String.fromCharCode(code) : code <= 0x10ffff ? String.fromCodePoint(code) : '';
        i += 2 + digits.length;
        continue;
      }
    }
    const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1))?.[0];
    if (octal) {
      value += String.fromCharCode(parseInt(octal, 8) & 0xff);
      i += 1 + octal.length;
      continue;
    }
    if (next === 'c' && i + 2 < text.length) {
      value += String.fromCharCode((text.charCodeAt(i + 2) & 0x1f) >>> 0);
      i += 3;
      continue;
    }
    value += `\\${next}`; // unknown escapes stay as typed, as bash keeps them
    i += 2;
  }
  return null;
}
