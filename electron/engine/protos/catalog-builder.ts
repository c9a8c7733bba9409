import type { DescMethod, DescService, FileRegistry } from '@bufbuild/protobuf';
import type { CatalogMethod, CatalogPackage, CatalogService } from '../../../shared/catalog';
import { httpRulesOf } from './http-rules';
import { commentOf } from './source-comments';

/** Packages -> services -> methods of every service in the registry, sorted by name (methods keep their declared order). */
export function buildCatalog(registry: FileRegistry): CatalogPackage[] {
  const byPackage = new Map<string, CatalogService[]>();
  for (const file of registry.files) {
    for (const service of file.services) {
      const pkg = file.proto.package;
      const services = byPackage.get(pkg) ?? [];
      if (services.some((s) => s.fullName === service.typeName)) continue;
      services.push(catalogService(service));
      byPackage.set(pkg, services);
    }
  }
  return [...byPackage.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, services]) => ({ name, services: services.sort((a, b) => a.name.localeCompare(b.name)) }));
}

function catalogService(service: DescService): CatalogService {
  return {
    name: service.name,
    fullName: service.typeName,
    comment: commentOf(service),
    deprecated: service.deprecated,
    methods: service.methods.map(catalogMethod),
  };
}

export function catalogMethod(method: DescMethod): CatalogMethod {
  const httpRules = httpRulesOf(method);
  return {
    name: method.name,
    fullName: `${method.parent.typeName}.${method.name}`,
    path: `/${method.parent.typeName}/${method.name}`,
    kind: method.methodKind,
    inputType: method.input.typeName,
    outputType: method.output.typeName,
    comment: commentOf(method),
    deprecated: method.deprecated,
    ...(httpRules.length > 0 ? { httpRules } : {}),
  };
}
