import { useMemo, useState } from 'react';
import { Icon } from '../../components/Icon';
import { closeCollection, duplicateRequest, openSavedRequest } from '../../services/collection-actions';
import { useAppStore } from '../../store/app-store';
import type { OpenCollection } from '../../store/collections-slice';
import type { CollectionTreeNode } from './collection-tree-model';
import { buildCollectionTree } from './collection-tree-model';

/**
 * The Collections tree: each open collection, its folders and saved requests. A request's
 * treeitem is named by its request name; Enter or a click opens it. Arrow keys move.
 */
export function CollectionsTree() {
  const collections = useAppStore((s) => s.collections);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<TreeSelection | null>(null);
  const toggle = (id: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const onKeyDown = (event: React.KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const items = [...event.currentTarget.querySelectorAll<HTMLElement>('[role="treeitem"]')];
    const index = items.indexOf(document.activeElement as HTMLElement);
    const next = items[Math.max(0, Math.min(items.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };

  return (
    <>
      <ul role="tree" aria-label="Collections" className="tree collections-tree" onKeyDown={onKeyDown}>
        {collections.map((collection) => (
          <CollectionRoot
            key={collection.index.folder}
            collection={collection}
            collapsed={collapsed}
            toggle={toggle}
            selected={selected}
            onSelect={(type, path) => setSelected({ folder: collection.index.folder, type, path })}
          />
        ))}
      </ul>
      <SelectionActions selected={selected} collections={collections} />
    </>
  );
}

/** How many entries of one folder the tree shows before a "Show more" button. */
const TREE_PAGE_ROWS = 500;

/** What the actions under the tree apply to: a saved request or a folder of them. */
interface TreeSelection {
  folder: string;
  type: 'request' | 'folder';
  path: string;
}

function CollectionRoot(props: {
  collection: OpenCollection;
  collapsed: ReadonlySet<string>;
  toggle: (id: string) => void;
  selected: TreeSelection | null;
  onSelect: (type: TreeSelection['type'], path: string) => void;
}) {
  const { index } = props.collection;
  const nodes = useMemo(() => buildCollectionTree(index), [index]);
  const id = `${index.folder}::root`;
  const open = !props.collapsed.has(id);
  const broken = index.rootBroken ? index.broken[0]?.message : undefined;
  return (
    <li role="treeitem" aria-label={index.name} aria-expanded={open} aria-level={1} className="tree-branch" tabIndex={0}
      onKeyDown={(e) => {
        if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) {
          e.preventDefault();
          props.toggle(id);
        }
      }}
    >
      <div className="tree-row collection-row" title={`${index.folder}${broken ? `\n\nBroken: ${broken}` : ''}`} onClick={() => props.toggle(id)}>
        <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} className="tree-chevron" />
        <span className="tree-label">{index.name}</span>
        {index.rootBroken ? <span className="tag tag-warning" title={broken}>broken</span> : <span className="tree-count">{index.requests.length}</span>}
        <button type="button" className="icon-btn tree-row-action" aria-label={`Close collection ${index.name}`} title="Close collection"
          onClick={(e) => {
            e.stopPropagation();
            void closeCollection(index.folder);
          }}
        >
          <Icon name="close" size={12} />
        </button>
      </div>
      {open ? (
        <ul role="group" className="tree-group">
          {index.broken.filter((b) => !index.rootBroken || b !== index.broken[0]).map((b) => (
            <li key={b.path} role="treeitem" aria-level={2} tabIndex={-1} aria-label={`${b.path} (broken)`} className="tree-row broken-row" title={b.message}>
              <Icon name="warning" size={14} />
              <span className="tree-label">{b.path}</span>
              <span className="broken-reason">{b.message}</span>
            </li>
          ))}
          <Nodes {...props} nodes={nodes} level={2} />
        </ul>
      ) : null}
    </li>
  );
}

function Nodes(props: {
  collection: OpenCollection;
  nodes: CollectionTreeNode[];
  level: number;
  collapsed: ReadonlySet<string>;
  toggle: (id: string) => void;
  selected: TreeSelection | null;
  onSelect: (type: TreeSelection['type'], path: string) => void;
}) {
  const { folder } = props.collection.index;
  // A folder of thousands of requests renders a page at a time: all 10,000 rows at once take
  // about a second in the DOM, a page of them a few milliseconds.
  const [limit, setLimit] = useState(TREE_PAGE_ROWS);
  const hidden = props.nodes.length - limit;
  const isSelected = (type: TreeSelection['type'], path: string) => props.selected?.folder === folder && props.selected.type === type && props.selected.path === path;
  return (
    <>
      {props.nodes.slice(0, limit).map((node) => {
        const indent = { paddingLeft: 4 + (props.level - 1) * 14 };
        if (node.type === 'folder') {
          // Folders start closed so a huge collection shows its top level at once.
          const open = props.collapsed.has(node.id);
          const folderSelected = isSelected('folder', node.path);
          return (
            <li key={node.id} role="treeitem" aria-label={node.name} aria-expanded={open} aria-level={props.level} aria-selected={folderSelected} tabIndex={-1} className="tree-branch"
              onFocus={(e) => {
                if (e.target === e.currentTarget) props.onSelect('folder', node.path);
              }}
              onKeyDown={(e) => {
                if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ' || e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
                  e.preventDefault();
                  if (e.key === 'Enter' || e.key === ' ' || (e.key === 'ArrowRight') !== open) props.toggle(node.id);
                }
              }}
            >
              <div className={`tree-row folder-row${folderSelected ? ' selected' : ''}`} style={indent} title={node.path}
                onClick={() => {
                  props.onSelect('folder', node.path);
                  props.toggle(node.id);
                }}
              >
                <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} className="tree-chevron" />
                <Icon name="folder" size={14} />
                <span className="tree-label">{node.name}</span>
              </div>
              {open ? (
                <ul role="group" className="tree-group">
                  <Nodes {...props} nodes={node.children} level={props.level + 1} />
                </ul>
              ) : null}
            </li>
          );
        }
        const brokenMessage = props.collection.broken[node.entry.path];
        const requestSelected = isSelected('request', node.entry.path);
        const open = () => {
          props.onSelect('request', node.entry.path);
          void openSavedRequest(folder, node.entry);
        };
        return (
          <li key={node.id} role="treeitem" aria-label={node.name} aria-level={props.level} aria-selected={requestSelected} tabIndex={-1}
            aria-description={brokenMessage ? `broken: ${brokenMessage}` : undefined}
            className={`tree-row request-row${requestSelected ? ' selected' : ''}${brokenMessage ? ' broken' : ''}`}
            style={indent}
            title={brokenMessage ? `${node.entry.path}\n\nCannot be read: ${brokenMessage}` : node.entry.path}
            onClick={open}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                open();
              }
            }}
          >
            <Icon name={brokenMessage ? 'warning' : 'file'} size={14} />
            <span className="tree-label">{node.name}</span>
          </li>
        );
      })}
      {hidden > 0 ? (
        <li role="none" className="tree-more" style={{ paddingLeft: 4 + (props.level - 1) * 14 }}>
          <button type="button" className="btn btn-small" onClick={() => setLimit((n) => n + TREE_PAGE_ROWS)}>
            Show {Math.min(hidden, TREE_PAGE_ROWS).toLocaleString('en-US')} more ({hidden.toLocaleString('en-US')} not shown)
          </button>
        </li>
      ) : null}
    </>
  );
}

/** The actions for what is selected in the tree, while it is still there. */
function SelectionActions({ selected, collections }: { selected: TreeSelection | null; collections: OpenCollection[] }) {
  const collection = selected ? collections.find((c) => c.index.folder === selected.folder) : undefined;
  if (!selected || !collection) return null;
  if (selected.type === 'request') {
    return collection.index.requests.some((r) => r.path === selected.path) ? <RequestActions folder={selected.folder} path={selected.path} /> : null;
  }
  if (!collection.index.folders.includes(selected.path) && !collection.index.requests.some((r) => r.path.startsWith(`${selected.path}/`))) return null;
  const requests = collection.index.requests.filter((r) => r.path.startsWith(`${selected.path}/`)).length;
  return <FolderActions folder={selected.folder} path={selected.path} requests={requests} />;
}

function FolderActions({ folder, path, requests }: { folder: string; path: string; requests: number }) {
  const setDialog = useAppStore((s) => s.setWorkspaceDialog);
  return (
    <div className="collection-actions" role="toolbar" aria-label="Folder actions">
      <button type="button" className="btn btn-small" onClick={() => setDialog({ kind: 'rename_folder', folder, path })}>Rename folder</button>
      <button type="button" className="btn btn-small" onClick={() => setDialog({ kind: 'move_folder', folder, path })}>Move folder</button>
      <button type="button" className="btn btn-small btn-danger-outline" onClick={() => setDialog({ kind: 'delete_folder', folder, path, requests })}>Delete folder</button>
    </div>
  );
}

function RequestActions({ folder, path }: { folder: string; path: string }) {
  const setDialog = useAppStore((s) => s.setWorkspaceDialog);
  const brokenMessage = useAppStore((s) => s.collections.find((c) => c.index.folder === folder)?.broken[path]);
  return (
    <div className="collection-actions" role="toolbar" aria-label="Request actions">
      {brokenMessage ? (
        <p role="alert" className="field-hint error broken-detail">
          {brokenMessage}
        </p>
      ) : null}
      <button type="button" className="btn btn-small" onClick={() => setDialog({ kind: 'rename_request', folder, path })}>Rename request</button>
      <button type="button" className="btn btn-small"
        onClick={() =>
          void duplicateRequest(folder, path).then((error) => {
            if (error) useAppStore.getState().showNotice('error', `Not duplicated: ${error.message}`);
          })
        }
      >
        Duplicate request
      </button>
      <button type="button" className="btn btn-small" onClick={() => setDialog({ kind: 'move_request', folder, path })}>Move request</button>
      <button type="button" className="btn btn-small btn-danger-outline" onClick={() => setDialog({ kind: 'delete_request', folder, path })}>Delete request</button>
    </div>
  );
}
