// Wait for ready and Send trace context in a request file: kept when on, left out when off, so
// files saved before these settings existed read and write back byte for byte.
import { describe, expect, it } from 'vitest';
import { emptyRequestDocument } from '../../../shared/request-document';
import { parseRequestFile, requestFileText } from './collection-format';

const folder = '/tmp/collection';
const OLD_FILE = ['method: demo.v1.DemoService/Echo', 'kind: unary', 'target: localhost:50051', 'connection:', '  compression: gzip', 'body: "{}"', ''].join('\n');

describe('call options in the request file format', () => {
  it('writes both under connection when on, in a fixed order, and reads them back', () => {
    const document = emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'Echo' }, 'unary');
    document.connection = { ...document.connection, target: 'localhost:50051', compression: 'gzip', sendTraceContext: true, waitForReady: true };
    const text = requestFileText(folder, document);
    expect(text).toBe(['method: demo.v1.DemoService/Echo', 'kind: unary', 'target: localhost:50051', 'connection:', '  compression: gzip', '  waitForReady: true', '  sendTraceContext: true', ''].join('\n'));
    const read = parseRequestFile(folder, text);
    expect(read.ok && read.value).toEqual(document);
  });

  it('leaves them out when off, and an older file writes back byte-identical', () => {
    const read = parseRequestFile(folder, OLD_FILE);
    if (!read.ok) throw new Error(read.message);
    expect(read.value.connection.waitForReady).toBeUndefined();
    expect(requestFileText(folder, read.value)).toBe(OLD_FILE);
    const off = { ...read.value, connection: { ...read.value.connection, waitForReady: false, sendTraceContext: false } };
    expect(requestFileText(folder, off)).toBe(OLD_FILE);
  });

  it('refuses a value that is not true or false, naming the key', () => {
    const read = parseRequestFile(folder, OLD_FILE.replace('  compression: gzip', '  waitForReady: "yes"'));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.message).toContain('waitForReady');
  });
});
