import type { ReactNode } from 'react';
import { useCallback, useRef, useState } from 'react';

interface SplitPaneProps {
  first: ReactNode;
  second: ReactNode;
  /** Initial share of the first pane (0..1). */
  initial?: number;
  min?: number;
  label: string;
}

/** Two panes side by side with a draggable (and keyboard-movable) separator. */
export function SplitPane({ first, second, initial = 0.45, min = 0.2, label }: SplitPaneProps) {
  const [ratio, setRatio] = useState(initial);
  const container = useRef<HTMLDivElement>(null);
  const clamp = useCallback((r: number) => Math.min(1 - min, Math.max(min, r)), [min]);

  const onPointerDown = (event: React.PointerEvent<HTMLDivElement>) => {
    const box = container.current?.getBoundingClientRect();
    if (!box) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent) => setRatio(clamp((e.clientX - box.left) / box.width));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'ArrowLeft') setRatio((r) => clamp(r - 0.03));
    else if (event.key === 'ArrowRight') setRatio((r) => clamp(r + 0.03));
    else return;
    event.preventDefault();
  };

  return (
    <div className="split" ref={container} style={{ gridTemplateColumns: `minmax(0, ${ratio}fr) 5px minmax(0, ${1 - ratio}fr)` }}>
      <div className="split-pane">{first}</div>
      <div
        className="split-handle"
        role="separator"
        aria-orientation="vertical"
        aria-label={label}
        aria-valuenow={Math.round(ratio * 100)}
        aria-valuemin={Math.round(min * 100)}
        aria-valuemax={Math.round((1 - min) * 100)}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
      />
      <div className="split-pane">{second}</div>
    </div>
  );
}
