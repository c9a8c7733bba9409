import { useMemo, useRef, useState } from 'react';
import { KindBadge } from '../../components/KindBadge';
import { Icon } from '../../components/Icon';
import { METHOD_KIND_LABEL } from '../../lib/method-kind';
import { openMethod } from '../../services/catalog-actions';
import { useAppStore } from '../../store/app-store';
import { methodKey } from '../../store/request-tab';
import type { CatalogNode, PackageNode, VisibleNode } from './catalog-tree';
import { treeKeyAction, visibleNodes } from './catalog-tree';

/**
 * The Services tree (WAI-ARIA tree pattern): one tab stop (roving tabindex), arrows move,
 * Right/Left open and close, Enter opens a method's request tab.
 */
export function ServiceTree({ roots, filtering }: { roots: PackageNode[]; filtering: boolean }) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const treeRef = useRef<HTMLUListElement>(null);
  const activeKey = useAppStore((s) => {
    const tab = s.tabs.find((t) => t.id === s.activeTabId);
    return tab ? methodKey(tab.method) : null;
  });

  const rows = useMemo(() => visibleNodes(roots, collapsed, filtering), [roots, collapsed, filtering]);
  const focusable = rows.some((r) => r.node.id === focusedId) ? focusedId : (rows[0]?.node.id ?? null);

  const setOpen = (id: string, open: boolean) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (open) next.delete(id);
      else next.add(id);
      return next;
    });

  const focusRow = (id: string) => {
    setFocusedId(id);
    treeRef.current?.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(id)}"]`)?.focus();
  };

  const activate = (node: CatalogNode) => {
    if (node.type === 'method') openMethod(node.protoSetId, node.serviceFullName, node.method);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLUListElement>) => {
    if (focusable === null) return;
    const action = treeKeyAction(rows, focusable, event.key);
    if (action === null) return;
    event.preventDefault();
    if ('focus' in action) focusRow(action.focus);
    else if ('toggle' in action) setOpen(action.toggle, action.expand);
    else {
      const row = rows.find((r) => r.node.id === action.activate);
      if (row) activate(row.node);
    }
  };

  const byParent = new Map<string | null, VisibleNode[]>();
  for (const row of rows) {
    const list = byParent.get(row.parentId);
    if (list) list.push(row);
    else byParent.set(row.parentId, [row]);
  }

  const renderRows = (parentId: string | null): React.ReactNode =>
    (byParent.get(parentId) ?? []).map((row) => {
      const { node } = row;
      const isFocusable = node.id === focusable;
      const common = {
        role: 'treeitem' as const,
        'data-node-id': node.id,
        'aria-level': row.level,
        'aria-posinset': row.posInSet,
        'aria-setsize': row.setSize,
        tabIndex: isFocusable ? 0 : -1,
        onFocus: (e: React.FocusEvent) => {
          if (e.target === e.currentTarget) setFocusedId(node.id);
        },
      };
      if (node.type === 'method') {
        const kind = METHOD_KIND_LABEL[node.method.kind];
        const selected = activeKey === methodKey({ protoSetId: node.protoSetId, service: node.serviceFullName, method: node.method.name });
        return (
          <li
            key={node.id}
            {...common}
            aria-label={node.label}
            aria-description={node.method.deprecated ? `${kind}, deprecated` : kind}
            aria-selected={selected}
            className={`tree-row method${selected ? ' selected' : ''}${node.method.deprecated ? ' deprecated' : ''}`}
            style={{ paddingLeft: 8 + (row.level - 1) * 14 }}
            title={tooltip(node.method.fullName, node.method.comment, kind, node.method.deprecated)}
            onClick={(e) => {
              e.stopPropagation();
              setFocusedId(node.id);
              activate(node);
            }}
          >
            <KindBadge kind={node.method.kind} />
            <span className="tree-label">{node.label}</span>
          </li>
        );
      }
      const open = row.expanded === true;
      return (
        <li key={node.id} {...common} aria-label={node.label} aria-expanded={open} className="tree-branch">
          <div
            className={`tree-row ${node.type}${node.type === 'service' && node.deprecated ? ' deprecated' : ''}`}
            style={{ paddingLeft: 4 + (row.level - 1) * 14 }}
            title={node.type === 'service' ? tooltip(node.fullName, node.comment, 'service', node.deprecated) : `package ${node.label}`}
            onClick={(e) => {
              e.stopPropagation();
              focusRow(node.id);
              setOpen(node.id, !open);
            }}
          >
            <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} className="tree-chevron" />
            <span className="tree-label">{node.label}</span>
            {node.type === 'service' ? <span className="tree-count">{node.children.length}</span> : null}
          </div>
          {open ? (
            <ul role="group" className="tree-group">
              {renderRows(node.id)}
            </ul>
          ) : null}
        </li>
      );
    });

  return (
    <ul role="tree" aria-label="Services" className="tree" ref={treeRef} onKeyDown={onKeyDown}>
      {renderRows(null)}
    </ul>
  );
}

function tooltip(fullName: string, comment: string, kind: string, deprecated: boolean): string {
  const lines = [`${fullName} — ${kind}${deprecated ? ' (deprecated)' : ''}`];
  if (comment.trim() !== '') lines.push('', comment.trim());
  return lines.join('\n');
}
