// A small inline icon set (stroke icons, 16 px grid) so the app needs no icon font or CDN.
const PATHS = {
  play: 'M5 3.5v9l7-4.5z',
  send: 'M2.5 8h8M7.5 4.5 11 8l-3.5 3.5M13.5 3v10',
  stop: 'M4.5 4.5h7v7h-7z',
  close: 'M4 4l8 8M12 4l-8 8',
  chevronRight: 'M6 4l4 4-4 4',
  chevronDown: 'M4 6l4 4 4-4',
  plus: 'M8 3v10M3 8h10',
  trash: 'M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5',
  copy: 'M5.5 5.5h7v7h-7zM3.5 10.5v-7h7',
  save: 'M3 3h8l2 2v8H3zM5.5 3v3h4V3M5 13V9.5h6V13',
  gear: 'M8 5.8a2.2 2.2 0 1 0 0 4.4 2.2 2.2 0 0 0 0-4.4zM8 1.8v1.6M8 12.6v1.6M1.8 8h1.6M12.6 8h1.6M3.6 3.6l1.1 1.1M11.3 11.3l1.1 1.1M3.6 12.4l1.1-1.1M11.3 4.7l1.1-1.1',
  folder: 'M2 4.5V12.5h12V6H7.5L6 4.5z',
  file: 'M4 2h5l3 3v9H4zM9 2v3h3',
  server: 'M2.5 3h11v4h-11zM2.5 9h11v4h-11zM5 5h.01M5 11h.01',
  upload: 'M8 11V3M4.5 6.5 8 3l3.5 3.5M3 13h10',
  search: 'M7 3a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM10 10l3.5 3.5',
  arrowUp: 'M8 13V3M4 7l4-4 4 4',
  arrowDown: 'M8 3v10M4 9l4 4 4-4',
  warning: 'M8 2.5 14 13H2zM8 6.5v3M8 11.3v.2',
  wand: 'M3 13l7-7M9 3v2M12 6h2M12 3l-1.2 1.2M13.5 9l-1.2-1.2',
  refresh: 'M13 8a5 5 0 1 1-1.5-3.5M13 3v2.5h-2.5',
  unfold: 'M4 6l4-3 4 3M4 10l4 3 4-3',
  fold: 'M4 3l4 3 4-3M4 13l4-3 4 3',
  pulse: 'M1.5 8.5h3l1.5-4 3 7 1.5-3h4',
  bars: 'M3 13V9M6.5 13V6M10 13V8M13.5 13V3',
  link: 'M6.5 9.5l3-3M7 5l1-1a2.5 2.5 0 0 1 3.5 3.5l-1 1M9 11l-1 1A2.5 2.5 0 0 1 4.5 8.5l1-1',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16, className }: { name: IconName; size?: number; className?: string }) {
  const filled = name === 'play' || name === 'stop';
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={filled ? 0 : 1.4}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
