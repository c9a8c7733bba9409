import type { DescEnum, DescExtension, DescMessage, DescService, Registry } from '@bufbuild/protobuf';

/**
 * One registry over several, looked up in order (the first that knows a name wins), without
 * copying any: a proto set's registry stays as it is while types found later (server
 * reflection answering for an Any) or needed only for display sit in a layer beside it.
 */
export function createLayeredRegistry(...layers: Registry[]): Registry {
  return layeredRegistryOver(layers);
}

/** The same over an array the caller may change later (a layer added): every lookup reads it anew. */
export function layeredRegistryOver(layers: readonly Registry[]): Registry {
  const first = <T>(find: (layer: Registry) => T | undefined): T | undefined => {
    for (const layer of layers) {
      const found = find(layer);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return {
    kind: 'registry',
    *[Symbol.iterator](): IterableIterator<DescMessage | DescEnum | DescExtension | DescService> {
      const seen = new Set<string>();
      for (const layer of layers) {
        for (const desc of layer) {
          if (seen.has(desc.typeName)) continue;
          seen.add(desc.typeName);
          yield desc;
        }
      }
    },
    get: (typeName) => first((layer) => layer.get(typeName)),
    getMessage: (typeName) => first((layer) => layer.getMessage(typeName)),
    getEnum: (typeName) => first((layer) => layer.getEnum(typeName)),
    getExtension: (typeName) => first((layer) => layer.getExtension(typeName)),
    getExtensionFor: (extendee, no) => first((layer) => layer.getExtensionFor(extendee, no)),
    getService: (typeName) => first((layer) => layer.getService(typeName)),
  };
}
