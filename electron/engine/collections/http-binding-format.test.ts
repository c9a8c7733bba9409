// The HTTP binding (httpRuleIndex) of a request in its file: a top-level key beside the
// connection, written only when not the primary rule (0), so files saved before bindings could
// be chosen read and write back byte for byte; a value that is not a rule number is refused.
import { describe, expect, it } from 'vitest';
import { emptyRequestDocument } from '../../../shared/request-document';
import { parseRequestFile, requestFileText } from './collection-format';

const folder = '/tmp/collection';
const OLD_FILE = ['method: library.v1.Library/UpdateBook', 'kind: unary', 'target: localhost:8080', 'connection:', '  protocol: http-json', 'body: "{}"', ''].join('\n');

describe('HTTP binding in the request file format', () => {
  it('writes httpRuleIndex after the connection when an additional binding is chosen, and reads it back', () => {
    const document = emptyRequestDocument({ service: 'library.v1.Library', method: 'UpdateBook' }, 'unary');
    document.connection = { ...document.connection, target: 'localhost:8080', protocol: 'http-json' };
    document.httpRuleIndex = 1;
    document.body = '{}';
    const text = requestFileText(folder, document);
    expect(text).toBe(['method: library.v1.Library/UpdateBook', 'kind: unary', 'target: localhost:8080', 'connection:', '  protocol: http-json', 'httpRuleIndex: 1', 'body: "{}"', ''].join('\n'));
    const read = parseRequestFile(folder, text);
    if (!read.ok) throw new Error(read.message);
    expect(read.value.httpRuleIndex).toBe(1);
    expect(requestFileText(folder, read.value)).toBe(text);
  });

  it('leaves the primary rule out, so an older file stays byte-identical', () => {
    const read = parseRequestFile(folder, OLD_FILE);
    if (!read.ok) throw new Error(read.message);
    expect(read.value.httpRuleIndex).toBeUndefined();
    expect(requestFileText(folder, read.value)).toBe(OLD_FILE);
    expect(requestFileText(folder, { ...read.value, httpRuleIndex: 0 })).toBe(OLD_FILE);
  });

  it.each([
    ['a negative index', '-1'],
    ['a fraction', '1.5'],
    ['text', 'second'],
    ['an index past the bound', '1000'],
  ])('refuses %s, naming the field and what it must be', (_name, value) => {
    const read = parseRequestFile(folder, OLD_FILE.replace('body: "{}"', `httpRuleIndex: ${value}\nbody: "{}"`));
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.message).toBe(
      'not a valid request at httpRuleIndex: must be a whole number: 0 for the primary google.api.http rule, 1 to 999 for an additional binding',
    );
  });
});
