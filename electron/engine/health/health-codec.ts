import { create, createFileRegistry, fromBinary, toBinary, type DescMessage } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import type { HealthServingStatus } from '../../../shared/health';
import { HEALTH_DESCRIPTOR_SET_BASE64 } from './health-descriptors';

export const HEALTH_CHECK_PATH = '/grpc.health.v1.Health/Check';
export const HEALTH_WATCH_PATH = '/grpc.health.v1.Health/Watch';

let schemas: { request: DescMessage; response: DescMessage } | null = null;

function healthSchemas(): { request: DescMessage; response: DescMessage } {
  if (schemas) return schemas;
  const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, Buffer.from(HEALTH_DESCRIPTOR_SET_BASE64, 'base64')));
  const request = registry.getMessage('grpc.health.v1.HealthCheckRequest');
  const response = registry.getMessage('grpc.health.v1.HealthCheckResponse');
  if (!request || !response) throw new Error('The embedded grpc.health.v1 descriptors lack HealthCheckRequest/Response.');
  schemas = { request, response };
  return schemas;
}

export function encodeHealthCheckRequest(service: string): Buffer {
  const { request } = healthSchemas();
  return Buffer.from(toBinary(request, create(request, { service })));
}

const STATUS_BY_NUMBER: readonly HealthServingStatus[] = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];

/** The response's status by name; a number this proto does not know reads as UNKNOWN. */
export function decodeHealthCheckResponse(bytes: Buffer): HealthServingStatus {
  const { response } = healthSchemas();
  const message = fromBinary(response, bytes) as unknown as { status?: number };
  return STATUS_BY_NUMBER[message.status ?? 0] ?? 'UNKNOWN';
}
