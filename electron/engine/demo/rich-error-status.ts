import { create, toBinary } from '@bufbuild/protobuf';
import { anyPack } from '@bufbuild/protobuf/wkt';
import { StatusSchema } from './gen/google/rpc/status_pb';
import {
  BadRequestSchema,
  DebugInfoSchema,
  ErrorInfoSchema,
  HelpSchema,
  LocalizedMessageSchema,
  RetryInfoSchema,
} from './gen/google/rpc/error_details_pb';

/** The trailer grpc-status-details-bin carries a serialized google.rpc.Status. */
export const STATUS_DETAILS_TRAILER = 'grpc-status-details-bin';

/**
 * A google.rpc.Status with one of each common error detail, so the app's rich-error view
 * has something to show. Generated types (gen/, see gen/regenerate.sh) keep it typed.
 */
export function demoErrorStatus(code: number, codeName: string, message: string): Uint8Array {
  const status = create(StatusSchema, {
    code,
    message,
    details: [
      anyPack(ErrorInfoSchema, create(ErrorInfoSchema, {
        reason: 'DEMO_FAILURE',
        domain: 'demo.grpc-workbench.local',
        metadata: { requestedCode: String(code), requestedCodeName: codeName },
      })),
      anyPack(BadRequestSchema, create(BadRequestSchema, {
        fieldViolations: [{ field: 'code', description: `The request asked to fail with ${codeName}.` }],
      })),
      anyPack(RetryInfoSchema, create(RetryInfoSchema, { retryDelay: { seconds: 1n, nanos: 500_000_000 } })),
      anyPack(HelpSchema, create(HelpSchema, {
        links: [{ description: 'gRPC status codes', url: 'https://grpc.io/docs/guides/status-codes/' }],
      })),
      anyPack(LocalizedMessageSchema, create(LocalizedMessageSchema, { locale: 'en-US', message })),
      anyPack(DebugInfoSchema, create(DebugInfoSchema, {
        stackEntries: ['demo.v1.DemoService/Fail', 'grpc-workbench demo server'],
        detail: 'Failed on request: this error is the demo working as intended.',
      })),
    ],
  });
  return toBinary(StatusSchema, status);
}
