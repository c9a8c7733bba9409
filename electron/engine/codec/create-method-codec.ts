import { fromBinary, fromJson, toBinary, toJsonString, type DescMethod, type JsonValue, type Registry } from '@bufbuild/protobuf';
import { err, ok, type Result } from '../../../shared/result';
import { withExactIntegers } from './exact-integers';
import { findMissingRequired, locateJsonProblem } from './json-error-locator';
import { parseJsonText } from './json-text';
import type { MethodCodec } from './method-codec';

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
 * field. Empty request text means the empty message, as with grpcurl `-d ''`.
 */
export function createMethodCodec(registry: Registry, method: DescMethod): MethodCodec {
  const input = method.input;
  const output = method.output;

  return {
    encodeRequest(text) {
      const parsed = text.trim() === '' ? ok<JsonValue>({}) : parseJsonText(text);
      if (!parsed.ok) return parsed;
      const value = withExactIntegers(text, parsed.value, input, registry);
      let message;
      try {
        message = fromJson(input, value, { registry, ignoreUnknownFields: false });
      } catch (error) {
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
    },

    decodeResponse(bytes, options) {
      let message;
      try {
        message = fromBinary(output, bytes);
      } catch (error) {
        return err(
          'INTERNAL',
          `The response (${bytes.length} bytes) is not a valid ${output.typeName}: ${(error as Error).message}. ` +
            'The server may use a different version of the proto than the one imported.',
        );
      }
      try {
        return ok(toJsonString(output, message, { registry, alwaysEmitImplicit: options.emitDefaults, prettySpaces: PRETTY_SPACES }));
      } catch (error) {
        return err(
          'INTERNAL',
          `The response ${output.typeName} cannot be shown as JSON: ${(error as Error).message}. ` +
            'If it names a type that is not in the registry (inside a google.protobuf.Any), import the proto that defines it.',
        );
      }
    },
  };
}

function badJson(typeName: string, path: string, message: string): Result<never> {
  const where = path === '' ? `The request (${typeName})` : `Field "${path}"`;
  return err('BAD_JSON', `${where}: ${message}${/[.?!]$/.test(message) ? '' : '.'}`, { path });
}
