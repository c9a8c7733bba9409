import { describe, expect, it } from 'vitest';
import { shellQuote } from './shell-quote';
import { splitShellWords } from './shell-words';

function words(text: string): string[] {
  const result = splitShellWords(text);
  if (!result.ok) throw new Error(result.message);
  return result.words;
}

describe('splitShellWords', () => {
  it('splits on blanks and joins quoted parts of one word', () => {
    expect(words('a  b\tc')).toEqual(['a', 'b', 'c']);
    expect(words(`'a b'"c d"e`)).toEqual(['a bc de']);
    expect(words(`'' ""`)).toEqual(['', '']);
  });

  it('follows backslash rules outside, inside double and inside single quotes', () => {
    expect(words('a\\ b \\"q\\"')).toEqual(['a b', '"q"']);
    expect(words(`"\\$HOME \\" \\\\ \\n"`)).toEqual(['$HOME " \\ \\n']);
    expect(words(`'\\n \\'`)).toEqual(['\\n \\']);
  });

  it('continues lines ending in a backslash (LF and CRLF)', () => {
    expect(words('grpcurl \\\n  -plaintext \\\r\n  host:1')).toEqual(['grpcurl', '-plaintext', 'host:1']);
    expect(words('"a\\\nb"')).toEqual(['ab']);
  });

  it('decodes $\'...\' strings', () => {
    expect(words(`$'it\\'s\\n\\x41\\u00e9\\t\\\\'`)).toEqual(["it's\nAé\t\\"]);
    expect(words(`$'\\101\\U0001F680'`)).toEqual(['A🚀']);
  });

  it('keeps variables as typed and reports them', () => {
    const result = splitShellWords(`-H "authorization: Bearer $TOKEN" \${HOST}:443 '$NOT'`);
    expect(result).toEqual({ ok: true, words: ['-H', 'authorization: Bearer $TOKEN', '${HOST}:443', '$NOT'], variables: ['TOKEN', 'HOST'], rest: null });
  });

  it('stops at a control operator and returns the rest', () => {
    expect(splitShellWords(`grpcurl x y | jq '.name'`)).toEqual({ ok: true, words: ['grpcurl', 'x', 'y'], variables: [], rest: `| jq '.name'` });
    expect(splitShellWords('grpcurl x y 2>&1')).toMatchObject({ words: ['grpcurl', 'x', 'y'], rest: '>&1' });
    expect(splitShellWords('grpcurl x\ngrpcurl y')).toMatchObject({ words: ['grpcurl', 'x'], rest: 'grpcurl y' });
  });

  it('skips comments and blank lines before the command', () => {
    expect(splitShellWords('\n# call the server\n  grpcurl a b # trailing\n# after\n')).toEqual({ ok: true, words: ['grpcurl', 'a', 'b'], variables: [], rest: null });
    expect(words('a#b')).toEqual(['a#b']);
  });

  it('refuses what it cannot reproduce', () => {
    expect(splitShellWords(`-d 'open`)).toMatchObject({ ok: false, message: expect.stringContaining('single quote') });
    expect(splitShellWords(`-d "open`)).toMatchObject({ ok: false, message: expect.stringContaining('double quote') });
    expect(splitShellWords(`-d "$(cat body.json)"`)).toMatchObject({ ok: false, message: expect.stringContaining('command substitution') });
    expect(splitShellWords('-d `cat body.json`')).toMatchObject({ ok: false, message: expect.stringContaining('command substitution') });
  });

  it('reads back what shellQuote writes', () => {
    const args = ['', 'plain', 'a b', "it's", '"dq"', '$HOME', '`pwd`', '$(id)', 'back\\slash', 'new\nline', 'tab\there', 'ünï 🚀', "''", '\\', '#hash', 'a|b;c&d<e>f'];
    expect(words(args.map(shellQuote).join(' '))).toEqual(args);
  });
});
