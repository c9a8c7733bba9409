// Service config in a request file: kept when set, left out when not, so older files write back byte for byte.
import { describe, expect, it } from 'vitest';
import { emptyRequestDocument } from '../../../shared/request-document';
import { parseRequestFile, requestFileText } from './collection-format';

const folder = '/tmp/collection';
const OLD_FILE = ['method: demo.v1.DemoService/Echo', 'kind: unary', 'target: localhost:50051', 'connection:', '  compression: gzip', 'body: "{}"', ''].join('\n');
const CONFIG = '{"methodConfig":[{"name":[{"service":"demo.v1.DemoService"}],"retryPolicy":{"maxAttempts":4,"initialBackoff":"0.01s","maxBackoff":"0.05s","backoffMultiplier":2,"retryableStatusCodes":["UNAVAILABLE"]}}]}';

describe('service config in the request file format', () => {
  it('round-trips a multi-line service config exactly', () => {
    const document = emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'Flaky' }, 'unary');
    const serviceConfig = `${CONFIG}\n  \n`;
    document.connection = { ...document.connection, target: 'localhost:50051', serviceConfig };
    const text = requestFileText(folder, document);
    expect(text).toContain('serviceConfig');
    const read = parseRequestFile(folder, text);
    if (!read.ok) throw new Error(read.message);
    expect(read.value.connection.serviceConfig).toBe(serviceConfig);
    expect(read.value).toEqual(document);
  });

  it('leaves it out when not set, so an older file writes back byte-identical', () => {
    const read = parseRequestFile(folder, OLD_FILE);
    if (!read.ok) throw new Error(read.message);
    expect(read.value.connection.serviceConfig).toBeUndefined();
    expect(requestFileText(folder, read.value)).toBe(OLD_FILE);
  });
});
