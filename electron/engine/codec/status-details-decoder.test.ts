import { afterAll, describe, expect, it } from 'vitest';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { compileDemoSet, removeTempDirs } from '../protos/test-fixtures/test-helpers';
import { createStatusDetailsDecoder } from './status-details-decoder';

afterAll(removeTempDirs);

// The Status is written field by field with the wire writer, straight from the field numbers in
// google/rpc/status.proto and error_details.proto, independent of the descriptors under test.
function any(typeName: string, value: Uint8Array): Uint8Array {
  return new BinaryWriter().tag(1, 2).string(`type.googleapis.com/${typeName}`).tag(2, 2).bytes(value).finish();
}

function status(code: number, message: string, details: Uint8Array[]): Uint8Array {
  const writer = new BinaryWriter().tag(1, 0).int32(code).tag(2, 2).string(message);
  for (const detail of details) writer.tag(3, 2).bytes(detail);
  return writer.finish();
}

const errorInfo = () => {
  const entry = new BinaryWriter().tag(1, 2).string('zone').tag(2, 2).string('eu-1').finish();
  return new BinaryWriter().tag(1, 2).string('QUOTA_LOW').tag(2, 2).string('demo.example.com').tag(3, 2).bytes(entry).finish();
};
const badRequest = () => {
  const violation = new BinaryWriter().tag(1, 2).string('user.email').tag(2, 2).string('must contain @').finish();
  return new BinaryWriter().tag(1, 2).bytes(violation).finish();
};
const retryInfo = () => {
  const duration = new BinaryWriter().tag(1, 0).int64(1).tag(2, 0).int32(500_000_000).finish();
  return new BinaryWriter().tag(1, 2).bytes(duration).finish();
};

describe('the rich status details decoder', () => {
  it('decodes ErrorInfo, BadRequest and RetryInfo', () => {
    const bytes = status(3, 'invalid', [any('google.rpc.ErrorInfo', errorInfo()), any('google.rpc.BadRequest', badRequest()), any('google.rpc.RetryInfo', retryInfo())]);
    expect(createStatusDetailsDecoder()(bytes)?.details).toEqual([
      { type: 'google.rpc.ErrorInfo', json: { reason: 'QUOTA_LOW', domain: 'demo.example.com', metadata: { zone: 'eu-1' } } },
      { type: 'google.rpc.BadRequest', json: { fieldViolations: [{ field: 'user.email', description: 'must contain @' }] } },
      { type: 'google.rpc.RetryInfo', json: { retryDelay: '1.500s' } },
    ]);
  });

  it('decodes the other google.rpc details', () => {
    const help = new BinaryWriter().tag(1, 2).bytes(new BinaryWriter().tag(1, 2).string('docs').tag(2, 2).string('https://example.com').finish()).finish();
    const localized = new BinaryWriter().tag(1, 2).string('en-US').tag(2, 2).string('Try again').finish();
    const debug = new BinaryWriter().tag(1, 2).string('frame 1').tag(2, 2).string('boom').finish();
    const decoded = createStatusDetailsDecoder()(
      status(13, 'x', [any('google.rpc.Help', help), any('google.rpc.LocalizedMessage', localized), any('google.rpc.DebugInfo', debug)]),
    );
    expect(decoded?.details).toEqual([
      { type: 'google.rpc.Help', json: { links: [{ description: 'docs', url: 'https://example.com' }] } },
      { type: 'google.rpc.LocalizedMessage', json: { locale: 'en-US', message: 'Try again' } },
      { type: 'google.rpc.DebugInfo', json: { stackEntries: ['frame 1'], detail: 'boom' } },
    ]);
  });

  it('decodes detail types the proto set knows, and shows each unknown one as its type URL and bytes with a note', async () => {
    const { set } = await compileDemoSet();
    const echo = new BinaryWriter().tag(1, 2).string('custom detail').finish();
    const bytes = status(9, 'x', [any('demo.v1.EchoRequest', echo), any('acme.v1.Unknown', new Uint8Array([8, 1]))]);
    const decoded = createStatusDetailsDecoder(set.registry)(bytes);
    expect(decoded?.details).toEqual([
      { type: 'demo.v1.EchoRequest', json: { message: 'custom detail' } },
      {
        type: 'type.googleapis.com/acme.v1.Unknown',
        json: { '@type': 'type.googleapis.com/acme.v1.Unknown', value: 'CAE=' },
        notes: [expect.stringMatching(/^This detail's type, type\.googleapis\.com\/acme\.v1\.Unknown, is in no loaded proto: shown as its 2 bytes in base64/)],
      },
    ]);
    expect(decoded?.unresolvedTypeNames).toEqual(['acme.v1.Unknown']);
    expect(createStatusDetailsDecoder()(bytes)?.details[0]).toMatchObject({ type: 'type.googleapis.com/demo.v1.EchoRequest', json: { '@type': 'type.googleapis.com/demo.v1.EchoRequest', value: 'Cg1jdXN0b20gZGV0YWls' } });
  });

  it('decodes a known detail holding an Any of an unknown type, that Any as bytes with a note', async () => {
    const { set } = await compileDemoSet();
    // demo.v1.Everything has `google.protobuf.Any extra`; its own unknown field 99 is shown too.
    const inner = new BinaryWriter().tag(1, 2).string('type.googleapis.com/acme.v1.Secret').tag(2, 2).bytes(new Uint8Array([1, 2, 3])).finish();
    const everything = new BinaryWriter().tag(extraFieldNumber(set), 2).bytes(inner).tag(99, 0).int32(7).finish();
    const decoded = createStatusDetailsDecoder(set.registry)(status(3, 'x', [any('demo.v1.Everything', everything)]));
    expect(decoded?.details[0]).toEqual({
      type: 'demo.v1.Everything',
      json: { extra: { '@type': 'type.googleapis.com/acme.v1.Secret', value: 'AQID' } },
      notes: [expect.stringMatching(/^"extra" is a google\.protobuf\.Any of type "type\.googleapis\.com\/acme\.v1\.Secret", which no loaded proto defines/)],
      unknownFields: [{ path: '', number: 99, wireType: 'varint', value: '7' }],
    });
    expect(decoded?.unresolvedTypeNames).toEqual(['acme.v1.Secret']);
  });

  it('returns an empty list for a Status without details and null for bytes that are not a Status', () => {
    expect(createStatusDetailsDecoder()(status(5, 'not found', []))).toEqual({ details: [], unresolvedTypeNames: [] });
    expect(createStatusDetailsDecoder()(new Uint8Array([0xff, 0xff, 0xff]))).toBeNull();
  });
});

function extraFieldNumber(set: Awaited<ReturnType<typeof compileDemoSet>>['set']): number {
  const field = set.registry.getMessage('demo.v1.Everything')?.fields.find((f) => f.name === 'extra');
  if (!field) throw new Error('demo.v1.Everything has no field "extra"');
  return field.number;
}
