import { describe, expect, it } from 'vitest';
import { equals, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { GOOGLE_RPC_DESCRIPTOR_SET_BASE64 } from './google-rpc-descriptors';
import { googleRpcRegistry } from './google-rpc-registry';
import { compileGoogleRpcDescriptors } from './google-rpc-source';

describe('the embedded google.rpc descriptors', () => {
  it('match what protoc makes of the bundled protos (else run generate-google-rpc-descriptors.ts)', async () => {
    const fresh = fromBinary(FileDescriptorSetSchema, await compileGoogleRpcDescriptors());
    const embedded = fromBinary(FileDescriptorSetSchema, Buffer.from(GOOGLE_RPC_DESCRIPTOR_SET_BASE64, 'base64'));
    expect(embedded.file.map((f) => f.name)).toEqual(fresh.file.map((f) => f.name));
    expect(equals(FileDescriptorSetSchema, embedded, fresh)).toBe(true);
  });

  it('give a registry with Status and every standard error detail', () => {
    const registry = googleRpcRegistry();
    for (const name of ['Status', 'ErrorInfo', 'BadRequest', 'RetryInfo', 'QuotaFailure', 'PreconditionFailure', 'ResourceInfo', 'Help', 'LocalizedMessage', 'DebugInfo', 'RequestInfo']) {
      expect(registry.getMessage(`google.rpc.${name}`), name).toBeDefined();
    }
    expect(registry.getEnum('google.rpc.Code')).toBeDefined();
  });
});
