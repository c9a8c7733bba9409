import type { CollectionIndex, RequestEntry } from '../../../../shared/collection';

export type CollectionTreeNode =
  | { type: 'folder'; id: string; name: string; path: string; children: CollectionTreeNode[] }
  | { type: 'request'; id: string; name: string; entry: RequestEntry };

/** Folders first, then requests, each sorted by name the way people sort (numbers in order). */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** The index as a tree of folders and requests (built from names only: nothing is parsed). */
export function buildCollectionTree(index: CollectionIndex): CollectionTreeNode[] {
  const root: CollectionTreeNode[] = [];
  const folders = new Map<string, CollectionTreeNode[]>([['', root]]);
  const folderOf = (path: string): CollectionTreeNode[] => {
    const existing = folders.get(path);
    if (existing) return existing;
    const cut = path.lastIndexOf('/');
    const parent = folderOf(cut === -1 ? '' : path.slice(0, cut));
    const children: CollectionTreeNode[] = [];
    parent.push({ type: 'folder', id: `${index.folder}::dir::${path}`, name: path.slice(cut + 1), path, children });
    folders.set(path, children);
    return children;
  };
  for (const folder of index.folders) folderOf(folder);
  for (const entry of index.requests) folderOf(entry.folder).push({ type: 'request', id: `${index.folder}::req::${entry.path}`, name: entry.name, entry });
  const sort = (nodes: CollectionTreeNode[]) => {
    nodes.sort((a, b) => (a.type === b.type ? collator.compare(a.name, b.name) : a.type === 'folder' ? -1 : 1));
    for (const node of nodes) if (node.type === 'folder') sort(node.children);
  };
  sort(root);
  return root;
}
