import type { CatalogMethod, CatalogPackage, CatalogService, ProtoSetSummary, ProtoSource } from '../../../../shared/catalog';
import type { ProtoSetId } from '../../../../shared/ids';

export interface MethodNode {
  type: 'method';
  id: string;
  label: string;
  protoSetId: ProtoSetId;
  serviceFullName: string;
  method: CatalogMethod;
}

export interface ServiceNode {
  type: 'service';
  id: string;
  label: string;
  fullName: string;
  protoSetId: ProtoSetId;
  comment: string;
  deprecated: boolean;
  children: MethodNode[];
}

export interface PackageNode {
  type: 'package';
  id: string;
  label: string;
  children: ServiceNode[];
}

export type CatalogNode = PackageNode | ServiceNode | MethodNode;

/** Short human name of where a proto set came from. */
export function sourceLabel(source: ProtoSource): string {
  const base = (path: string) => path.split(/[\\/]/).pop() ?? path;
  const many = (paths: string[]) => (paths.length === 0 ? '' : paths.length === 1 ? base(paths[0] as string) : `${base(paths[0] as string)} +${paths.length - 1}`);
  switch (source.kind) {
    case 'files':
      return many(source.protoFiles);
    case 'descriptor_sets':
      return many(source.paths);
    case 'reflection':
      return `reflection ${source.target}`;
    case 'demo':
      return 'demo server';
  }
}

/**
 * Packages (sorted by name) > services (as declared) > methods (as declared), filtered by a
 * case-insensitive text that may match a package, service or method name. A service imported
 * more than once (say from files and again through reflection) is listed once: the latest
 * import wins, so every method name in the tree stands for exactly one method.
 */
export function buildCatalogTree(protoSets: readonly ProtoSetSummary[], filter: string): PackageNode[] {
  const needle = filter.trim().toLowerCase();
  const packages = new Map<string, PackageNode>();
  // Which set each service comes from: the last one that has it.
  const owner = new Map<string, string>();
  for (const set of protoSets) for (const pkg of set.packages) for (const svc of pkg.services) owner.set(svc.fullName, set.id);
  const chosen: { set: ProtoSetSummary; pkg: CatalogPackage; svc: CatalogService }[] = [];
  for (const set of protoSets) {
    for (const pkg of set.packages) for (const svc of pkg.services) if (owner.get(svc.fullName) === set.id) chosen.push({ set, pkg, svc });
  }

  for (const { set, pkg, svc } of chosen) {
    const packageLabel = pkg.name === '' ? '(no package)' : pkg.name;
    const packageMatches = needle !== '' && pkg.name.toLowerCase().includes(needle);
    const serviceMatches = packageMatches || needle === '' || svc.name.toLowerCase().includes(needle) || svc.fullName.toLowerCase().includes(needle);
    const methods = svc.methods.filter((m) => serviceMatches || m.name.toLowerCase().includes(needle));
    if (methods.length === 0 && !serviceMatches) continue;
    const service: ServiceNode = {
      type: 'service',
      id: `svc:${set.id}:${svc.fullName}`,
      label: svc.name,
      fullName: svc.fullName,
      protoSetId: set.id,
      comment: svc.comment,
      deprecated: svc.deprecated,
      children: methods.map((m) => ({
        type: 'method',
        id: `m:${set.id}:${m.fullName}`,
        label: m.name,
        protoSetId: set.id,
        serviceFullName: svc.fullName,
        method: m,
      })),
    };
    let node = packages.get(packageLabel);
    if (!node) {
      node = { type: 'package', id: `pkg:${packageLabel}`, label: packageLabel, children: [] };
      packages.set(packageLabel, node);
    }
    node.children.push(service);
  }
  return [...packages.values()].sort((a, b) => a.label.localeCompare(b.label));
}

export interface VisibleNode {
  node: CatalogNode;
  level: number;
  parentId: string | null;
  posInSet: number;
  setSize: number;
  expanded: boolean | null; // null = a leaf
}

/** The rows the tree shows, in order; `collapsed` lists the ids the user closed. */
export function visibleNodes(roots: readonly PackageNode[], collapsed: ReadonlySet<string>, expandAll: boolean): VisibleNode[] {
  const out: VisibleNode[] = [];
  const walk = (nodes: readonly CatalogNode[], level: number, parentId: string | null) => {
    nodes.forEach((node, i) => {
      const hasChildren = node.type !== 'method';
      const expanded = hasChildren ? expandAll || !collapsed.has(node.id) : null;
      out.push({ node, level, parentId, posInSet: i + 1, setSize: nodes.length, expanded });
      if (hasChildren && expanded) walk(node.children, level + 1, node.id);
    });
  };
  walk(roots, 1, null);
  return out;
}

export type TreeKeyResult = { focus: string } | { toggle: string; expand: boolean } | { activate: string } | null;

/** What a key press does in the tree (WAI-ARIA tree pattern): pure, so it is unit-tested. */
export function treeKeyAction(rows: readonly VisibleNode[], focusedId: string, key: string): TreeKeyResult {
  const index = rows.findIndex((r) => r.node.id === focusedId);
  const row = rows[index];
  if (!row) return rows[0] ? { focus: rows[0].node.id } : null;
  switch (key) {
    case 'ArrowDown':
      return rows[index + 1] ? { focus: (rows[index + 1] as VisibleNode).node.id } : null;
    case 'ArrowUp':
      return rows[index - 1] ? { focus: (rows[index - 1] as VisibleNode).node.id } : null;
    case 'Home':
      return rows[0] ? { focus: rows[0].node.id } : null;
    case 'End':
      return rows.at(-1) ? { focus: (rows.at(-1) as VisibleNode).node.id } : null;
    case 'ArrowRight':
      if (row.expanded === false) return { toggle: row.node.id, expand: true };
      if (row.expanded === true && rows[index + 1]?.parentId === row.node.id) return { focus: (rows[index + 1] as VisibleNode).node.id };
      return null;
    case 'ArrowLeft':
      if (row.expanded === true) return { toggle: row.node.id, expand: false };
      return row.parentId !== null ? { focus: row.parentId } : null;
    case 'Enter':
    case ' ':
      if (row.node.type === 'method') return { activate: row.node.id };
      return { toggle: row.node.id, expand: !row.expanded };
    default:
      return null;
  }
}
