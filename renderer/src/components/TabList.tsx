import type { KeyboardEvent } from 'react';

export interface TabItem<T extends string> {
  id: T;
  label: string;
  /** Small count or marker after the label (not part of the accessible name). */
  badge?: string;
}

interface TabListProps<T extends string> {
  label: string;
  items: readonly TabItem<T>[];
  selected: T;
  onSelect: (id: T) => void;
  idPrefix: string;
}

/** ARIA tabs with arrow-key navigation; panels use `${idPrefix}-panel-${id}` as their id. */
export function TabList<T extends string>({ label, items, selected, onSelect, idPrefix }: TabListProps<T>) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = items.findIndex((i) => i.id === selected);
    let next = -1;
    if (event.key === 'ArrowRight') next = (index + 1) % items.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + items.length) % items.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    if (next === -1) return;
    event.preventDefault();
    const item = items[next];
    if (!item) return;
    onSelect(item.id);
    document.getElementById(`${idPrefix}-tab-${item.id}`)?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className="tablist" onKeyDown={onKeyDown}>
      {items.map((item) => {
        const active = item.id === selected;
        return (
          <button
            key={item.id}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${item.id}`}
            aria-selected={active}
            aria-controls={`${idPrefix}-panel-${item.id}`}
            tabIndex={active ? 0 : -1}
            className={active ? 'tab active' : 'tab'}
            onClick={() => onSelect(item.id)}
          >
            {item.label}
            {item.badge ? (
              <span className="tab-badge" aria-hidden="true">
                {item.badge}
              </span>
            ) : null}
          </button>
        );
      })}
    </div>
  );
}
