// Compression in a request file: deflate is written and read like gzip; identity (the default)
// is left out, so files saved before deflate existed read and write back byte for byte.
import { describe, expect, it } from 'vitest';
import { emptyRequestDocument } from '../../../shared/request-document';
import { parseRequestFile, requestFileText } from './collection-format';

const folder = '/tmp/collection';
const file = (compression: string | null): string =>
  ['method: demo.v1.DemoService/Echo', 'kind: unary', 'target: localhost:50051', ...(compression === null ? [] : ['connection:', `  compression: ${compression}`]), 'body: "{}"', ''].join('\n');

describe('compression in the request file format', () => {
  it('writes deflate and reads it back', () => {
    const document = emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'Echo' }, 'unary');
    document.connection = { ...document.connection, target: 'localhost:50051', compression: 'deflate' };
    document.body = '{}';
    const text = requestFileText(folder, document);
    expect(text).toBe(file('deflate'));
    const read = parseRequestFile(folder, text);
    expect(read.ok && read.value.connection.compression).toBe('deflate');
  });

  it('older files (identity, gzip) write back byte-identical', () => {
    for (const old of [file(null), file('gzip')]) {
      const read = parseRequestFile(folder, old);
      if (!read.ok) throw new Error(read.message);
      expect(requestFileText(folder, read.value)).toBe(old);
    }
  });

  it('refuses a compression grpc-js does not offer, naming the key', () => {
    const read = parseRequestFile(folder, file('brotli'));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.message).toContain('compression');
  });
});
