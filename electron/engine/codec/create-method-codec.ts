import { fromBinary, fromJson, toBinary, toJsonString, type DescMethod, type JsonValue, type Registry } from '@bufbuild/protobuf';
import { err, ok, type Result } from '../../../shared/result';
import { withExactIntegers } from './exact-integers';
import { findMissingRequired, locateJsonProblem } from './json-error-locator';
import { parseJsonText } from './json-text';
import type { DecodedResponse, MethodCodec, ReadResponseOptions } from './method-codec';
import { previewBytesKept, shortenBytesFields } from './shorten-bytes-fields';
import { inspectMessage } from './inspect-message';
import { prepareMessageCodecs } from './stack-safe-codecs';

/**
 * Indentation of the JSON text the codec hands out (requests as sent, responses): none.
 * Every message of a stream crosses the shell boundary as this text, and the renderer
 * re-indents only the few messages a user expands; compact text is faster to produce and
 * a third smaller on the wire for small messages.
 */
const PRETTY_SPACES = 0;

/**
 * JSON <-> wire bytes for one method, through protobuf-es and the proto set's registry (which
 * resolves google.protobuf.Any). Unknown JSON keys are errors, so a typo never silently drops a
 * field. Empty request text means the empty message, as with grpcurl `-d ''`. A response shows
 * what JSON cannot carry beside it: unknown fields, and Anys of types no registry knows.
 */
export function createMethodCodec(registry: Registry, method: DescMethod): MethodCodec {
  const input = method.input;
  const output = method.output;
  // Before any use: protobuf-es compiles codecs recursively, and a long chain of types overflowed the stack.
  const unsupported = prepareMessageCodecs([input, output]);

  function encode(text: string): ReturnType<MethodCodec['encodeRequest']> {
    const parsed = text.trim() === '' ? ok<JsonValue>({}) : parseJsonText(text);
    if (!parsed.ok) return parsed;
    const value = withExactIntegers(text, parsed.value, input, registry);
    let message;
    try {
      message = fromJson(input, value, { registry, ignoreUnknownFields: false });
    } catch (error) {
      // Within the JSON nesting limit, messages can still nest deeper (a google.protobuf.Struct
      // and each Value in it are a message each); the locator would only repeat this.
      if (isRecursionLimit(error)) return err('BAD_JSON', tooDeepMessage('The request', error), { path: '' });
      const problem = locateJsonProblem(input, value, registry, (error as Error).message);
      return badJson(input.typeName, problem.path, problem.message);
    }
    try {
      const bytes = toBinary(input, message);
      return ok({ bytes, json: toJsonString(input, message, { registry, prettySpaces: PRETTY_SPACES }) });
    } catch (error) {
      // toBinary refuses a proto2 message with a required field unset.
      const missing = findMissingRequired(input, value, registry);
      if (missing) return badJson(input.typeName, missing.path, missing.message);
      return err('BAD_JSON', `The request cannot be encoded as ${input.typeName}: ${(error as Error).message}.`, { path: '' });
    }
  }

  return {
    encodeRequest(text) {
      if (unsupported !== null) return err('UNSUPPORTED', `The request ${input.typeName} cannot be encoded: ${unsupported}`);
      try {
        return encode(text);
      } catch (error) {
        // Nesting is bounded before this (parseJsonText, fromJson's recursion limit); a stack
        // overflow left anyway must still come back as an answer, not a raw exception.
        if (isStackOverflow(error)) return err('BAD_JSON', `The request is nested too deeply to process as ${input.typeName}.`, { path: '' });
        throw error;
      }
    },

    readResponse: read,

    responseFromJson(value) {
      if (unsupported !== null) return err('UNSUPPORTED', `The response ${output.typeName} cannot be decoded: ${unsupported}`);
      try {
        return ok(toBinary(output, fromJson(output, value as JsonValue, { registry, ignoreUnknownFields: true })));
      } catch (error) {
        return err('INTERNAL', `The server's JSON is not a valid ${output.typeName}: ${(error as Error).message}.`, { undecodable: { typeName: output.typeName, reason: (error as Error).message } });
      }
    },

    decodeResponse(bytes, options) {
      const decoded = read(bytes, options);
      return decoded.ok ? ok(decoded.value.json) : decoded;
    },
  };

  function read(bytes: Uint8Array, options: ReadResponseOptions): Result<DecodedResponse> {
    if (unsupported !== null) return err('UNSUPPORTED', `The response ${output.typeName} cannot be decoded: ${unsupported}`);
    let message;
    try {
      message = fromBinary(output, bytes);
    } catch (error) {
      if (isRecursionLimit(error)) return err('INTERNAL', tooDeepMessage(`The response (${bytes.length} bytes)`, error));
      const reason = (error as Error).message;
      return err(
        'INTERNAL',
        `These ${bytes.length} bytes are not a valid ${output.typeName}: ${reason}. ` +
          'The server may send a different message type, or use a different version of the proto than the one imported.',
        { undecodable: { typeName: output.typeName, reason } },
      );
    }
    // Only a message bigger than what a preview keeps of one bytes field can have one to shorten.
    const keep = options.previewChars === undefined ? null : previewBytesKept(options.previewChars);
    const elidedChars = keep !== null && bytes.length > keep ? shortenBytesFields(output, message, keep) : 0;
    try {
      const inspected = inspectMessage(output, message, registry, { alwaysEmitImplicit: options.emitDefaults });
      return ok({
        json: JSON.stringify(inspected.json),
        ...(elidedChars > 0 ? { elidedChars } : {}),
        unknownFields: inspected.unknownFields,
        notes: inspected.notes,
        unresolvedTypeNames: inspected.unresolvedTypeNames,
      });
    } catch (error) {
      return err('INTERNAL', `The response ${output.typeName} cannot be shown as JSON: ${(error as Error).message}.`);
    }
  }
}

/** protobuf-es' "cannot decode <type> from JSON/binary: maximum recursion depth of N reached". */
const RECURSION_LIMIT = /^cannot decode (.*) from (?:JSON|binary): maximum recursion depth of (\d+) reached$/;

function isRecursionLimit(error: unknown): error is Error {
  return error instanceof Error && RECURSION_LIMIT.test(error.message);
}

function tooDeepMessage(what: string, error: Error): string {
  const [, where = '', limit = '100'] = RECURSION_LIMIT.exec(error.message) ?? [];
  return `${what} nests messages deeper than ${limit} levels (at ${where}); protobuf allows at most ${limit} levels of nested messages.`;
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function badJson(typeName: string, path: string, message: string): Result<never> {
  const where = path === '' ? `The request (${typeName})` : `Field "${path}"`;
  return err('BAD_JSON', `${where}: ${message}${/[.?!]$/.test(message) ? '' : '.'}`, { path });
}
