import type { ProtoSource } from '../../../shared/catalog';
import type { CompileRequest, DescriptorSetRequest, ReflectRequest } from '../../../shared/contract';

/** How a proto set was imported, so the workspace can import it again after a restart. */
export type ImportRecipe =
  | { kind: 'compile'; request: CompileRequest }
  | { kind: 'descriptor_sets'; request: DescriptorSetRequest }
  | { kind: 'reflect'; request: ReflectRequest }
  | { kind: 'demo' };

/** A recipe from the engine's own description of a source, when the renderer kept none. */
export function recipeFromSource(source: ProtoSource): ImportRecipe | null {
  switch (source.kind) {
    case 'files':
      return { kind: 'compile', request: { protoFiles: source.protoFiles, importPaths: source.importPaths } };
    case 'descriptor_sets':
      return { kind: 'descriptor_sets', request: { paths: source.paths } };
    case 'demo':
      return { kind: 'demo' };
    case 'reflection':
      return null; // needs connection settings the source does not carry
  }
}
