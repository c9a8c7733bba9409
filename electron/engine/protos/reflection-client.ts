import { Metadata, status as grpcStatus, type Client, type Deadline, type ServiceError } from '@grpc/grpc-js';
import { create, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, type FileDescriptorProto, type FileDescriptorSet } from '@bufbuild/protobuf/wkt';
import { err, ok, type Result } from '../../../shared/result';
import { statusCodeName } from '../../../shared/call-events';
import type { CallEnd } from '../transport/call-failure';
import { cleanGrpcDetails } from '../transport/connection-failure';
import { assembleFileDescriptorSet } from './reflection-file-set';
import { ReflectionStream, ReflectionStreamEnded, type ReflectionProtocol } from './reflection-stream';
import {
  ServerReflectionRequestSchema,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from './reflection-gen/grpc/reflection/v1/reflection_pb';

export type { ReflectionProtocol } from './reflection-stream';

export interface ReflectionOptions {
  /** A client on the channel the calls use, so reflection sees the same target, TLS and auth. */
  client: Client;
  /** The target as the user typed it; only used in messages. */
  target: string;
  /** Sent with the reflection call, like with any other call (e.g. authorization). */
  metadata?: Metadata;
  /** For the whole exchange, both protocols included. Default: 20 s from now. */
  deadline?: Deadline;
  /** The channel's words for how a call ended (PooledChannel.explainEnd): reflection fails the way calls do. */
  explainEnd(end: CallEnd): string | null;
}

export interface ReflectedDescriptors {
  /** Every file the listed services need, dependencies first: ready for createFileRegistry. */
  fileDescriptorSet: FileDescriptorSet;
  /** The services the server lists (server reflection itself left out), in its order. */
  services: string[];
  protocol: ReflectionProtocol;
  /** Things left out, e.g. a listed service the server could not describe. */
  warnings: string[];
}

const DEFAULT_DEADLINE_MS = 20_000;

/** A problem the reflection exchange itself reports (error_response, missing files). */
class ReflectionAnswerError extends Error {}

/**
 * Asks a server for its descriptors over gRPC server reflection: v1 first, v1alpha when the
 * server answers UNIMPLEMENTED. Lists the services, fetches the file of each, then every
 * imported file until the set is closed. Never throws; failures are REFLECTION errors.
 */
export async function reflectFileDescriptorSet(options: ReflectionOptions): Promise<Result<ReflectedDescriptors>> {
  const answered = await overReflection(options, collectDescriptors);
  return answered.ok ? ok({ ...answered.value.answer, protocol: answered.value.protocol }) : answered;
}

/**
 * The files that define `symbol` (a fully-qualified type name), asked with
 * file_containing_symbol, plus any import the server did not send along that `known` (the
 * files the client already has) lacks. Used to decode a google.protobuf.Any of a type no
 * listed service refers to. Never throws; failures are REFLECTION errors.
 */
export async function reflectFilesContainingSymbol(
  options: ReflectionOptions,
  symbol: string,
  known: (fileName: string) => boolean,
): Promise<Result<FileDescriptorProto[]>> {
  const answered = await overReflection(options, async (stream) => {
    const files = new Map<string, FileDescriptorProto>();
    const [answer] = await stream.exchange([request({ case: 'fileContainingSymbol', value: symbol })]);
    addFileAnswer(files, answer, `the type ${symbol}`);
    await fetchMissingDependencies(stream, files, known);
    return [...files.values()];
  });
  return answered.ok ? ok(answered.value.answer) : answered;
}

/** Runs `exchange` over v1, then over v1alpha when the server answers UNIMPLEMENTED. */
async function overReflection<T>(options: ReflectionOptions, exchange: (stream: ReflectionStream) => Promise<T>): Promise<Result<{ answer: T; protocol: ReflectionProtocol }>> {
  const deadline = options.deadline ?? Date.now() + DEFAULT_DEADLINE_MS;
  for (const protocol of ['v1', 'v1alpha'] as const) {
    const stream = new ReflectionStream(options.client, protocol, options.metadata?.clone() ?? new Metadata(), deadline);
    try {
      return ok({ answer: await exchange(stream), protocol });
    } catch (error) {
      // Before UNIMPLEMENTED: a web server's 404 reaches us as UNIMPLEMENTED too.
      const explained = explainStreamFailure(error, stream, options, protocol);
      if (explained) return explained;
      // UNIMPLEMENTED for v1 may still mean v1alpha; for v1alpha too, no reflection at all.
      if (isServiceError(error) && error.code === grpcStatus.UNIMPLEMENTED) continue;
      return reflectionFailure(error, options.target, protocol);
    } finally {
      stream.close();
    }
  }
  return err('REFLECTION', `The server at ${options.target} does not offer server reflection (UNIMPLEMENTED for v1 and v1alpha). Import its .proto files instead.`, {
    grpcCode: grpcStatus.UNIMPLEMENTED,
    grpcCodeName: 'UNIMPLEMENTED',
  });
}

function addFileAnswer(files: Map<string, FileDescriptorProto>, answer: ServerReflectionResponse | undefined, what: string): void {
  for (const bytes of expectAnswer(answer, 'fileDescriptorResponse', what).fileDescriptorProto) {
    const file = fromBinary(FileDescriptorProtoSchema, bytes);
    if (!files.has(file.name)) files.set(file.name, file);
  }
}

/** Servers usually send a file's imports along with it; ask for any they did not (and `known` lacks). */
async function fetchMissingDependencies(stream: ReflectionStream, files: Map<string, FileDescriptorProto>, known: (fileName: string) => boolean = () => false): Promise<void> {
  const requested = new Set<string>();
  for (;;) {
    const missing = missingDependencies(files).filter(({ name }) => !requested.has(name) && !known(name));
    if (missing.length === 0) break;
    for (const { name } of missing) requested.add(name);
    const answers = await stream.exchange(missing.map(({ name }) => request({ case: 'fileByFilename', value: name })));
    missing.forEach(({ name, importedBy }, index) => addFileAnswer(files, answers[index], `"${name}" (imported by "${importedBy}")`));
  }
  const stillMissing = missingDependencies(files).find(({ name }) => !known(name));
  if (stillMissing) {
    throw new ReflectionAnswerError(`The server did not provide "${stillMissing.name}", which "${stillMissing.importedBy}" imports.`);
  }
}

async function collectDescriptors(stream: ReflectionStream): Promise<Omit<ReflectedDescriptors, 'protocol'>> {
  const warnings: string[] = [];
  const [listing] = await stream.exchange([request({ case: 'listServices', value: '*' })]);
  const services = expectAnswer(listing, 'listServicesResponse', 'the list of services')
    .service.map((service) => service.name)
    .filter((name) => !name.startsWith('grpc.reflection.'));

  const files = new Map<string, FileDescriptorProto>();
  const serviceAnswers = await stream.exchange(services.map((name) => request({ case: 'fileContainingSymbol', value: name })));
  services.forEach((name, index) => {
    try {
      addFileAnswer(files, serviceAnswers[index], `service ${name}`);
    } catch (error) {
      // One service the server cannot describe should not hide the others.
      if (!(error instanceof ReflectionAnswerError)) throw error;
      warnings.push(`${error.message} It is left out.`);
    }
  });
  await fetchMissingDependencies(stream, files);
  return { fileDescriptorSet: assembleFileDescriptorSet(files.values()), services, warnings };
}

function missingDependencies(files: Map<string, FileDescriptorProto>): { name: string; importedBy: string }[] {
  const missing = new Map<string, string>();
  for (const file of files.values()) {
    for (const name of file.dependency) if (!files.has(name) && !missing.has(name)) missing.set(name, file.name);
  }
  return [...missing].map(([name, importedBy]) => ({ name, importedBy }));
}

function request(messageRequest: ServerReflectionRequest['messageRequest']): ServerReflectionRequest {
  return create(ServerReflectionRequestSchema, { messageRequest });
}

type ResponseCase = NonNullable<ServerReflectionResponse['messageResponse']['case']>;
type ResponseValue<C extends ResponseCase> = Extract<ServerReflectionResponse['messageResponse'], { case: C }>['value'];

function expectAnswer<C extends ResponseCase>(answer: ServerReflectionResponse | undefined, expected: C, what: string): ResponseValue<C> {
  const response = answer?.messageResponse;
  if (response?.case === expected) return response.value as ResponseValue<C>;
  if (response?.case === 'errorResponse') {
    const { errorCode, errorMessage } = response.value;
    throw new ReflectionAnswerError(`The server could not describe ${what} (${statusCodeName(errorCode)}: ${errorMessage || 'no message'}).`);
  }
  throw new ReflectionAnswerError(`The server answered a request for ${what} with ${response?.case ?? 'an empty message'}.`);
}

/** The same explanation a call on this channel would get (not a gRPC server, TLS, refused, handshake, GOAWAY). */
function explainStreamFailure(error: unknown, stream: ReflectionStream, options: ReflectionOptions, protocol: ReflectionProtocol): Result<never> | null {
  if (!isServiceError(error)) return null;
  const explained = options.explainEnd({
    code: error.code,
    details: error.details,
    headers: stream.responseHeaders,
    trailers: error.metadata ?? new Metadata(),
    startedAt: stream.startedAt,
  });
  if (explained === null) return null;
  return err('REFLECTION', explained, { protocol, grpcCode: error.code, grpcCodeName: statusCodeName(error.code), grpcDetails: error.details });
}

function reflectionFailure(error: unknown, target: string, protocol: ReflectionProtocol): Result<never> {
  if (error instanceof ReflectionAnswerError) {
    return err('REFLECTION', `Server reflection at ${target} failed: ${error.message}`, { protocol });
  }
  if (error instanceof ReflectionStreamEnded) {
    return err('REFLECTION', `Server reflection at ${target} failed: ${error.message}`, { protocol });
  }
  if (isServiceError(error)) {
    const codeName = statusCodeName(error.code);
    const details = { protocol, grpcCode: error.code, grpcCodeName: codeName, grpcDetails: error.details };
    switch (error.code) {
      case grpcStatus.UNAVAILABLE:
        return err('REFLECTION', `Could not connect to ${target} (${cleanGrpcDetails(error.details)}). Check the address and port, and whether the server expects TLS or plaintext.`, details);
      case grpcStatus.DEADLINE_EXCEEDED:
        return err('REFLECTION', `Server reflection at ${target} did not finish before its deadline. The server may be slow or unreachable; try again.`, details);
      case grpcStatus.UNAUTHENTICATED:
      case grpcStatus.PERMISSION_DENIED:
        return err('REFLECTION', `The server at ${target} refused server reflection (${codeName}: ${error.details}). Add the metadata it expects, such as an authorization header, and try again.`, details);
      default:
        return err('REFLECTION', `Server reflection at ${target} failed with ${codeName}: ${error.details}`, details);
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return err('REFLECTION', `Server reflection at ${target} failed: ${message}`, { protocol });
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number' && 'details' in error;
}
