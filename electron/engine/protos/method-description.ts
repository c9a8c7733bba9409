import type { DescMethod, Registry } from '@bufbuild/protobuf';
import type { MethodDescription } from '../../../shared/catalog';
import { catalogMethod } from './catalog-builder';
import { exampleJson } from './example-json';
import { messageJsonSchema } from './message-json-schema';

/** What the request editor needs for one method: its catalog entry, a JSON Schema and an example. */
export function describeMethod(method: DescMethod, registry: Registry): MethodDescription {
  return {
    method: catalogMethod(method),
    inputSchema: messageJsonSchema(method.input, registry),
    inputExample: exampleJson(method.input, registry),
  };
}
