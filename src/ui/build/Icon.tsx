// Small stroke icons drawn as SVG, so they look the same without any icon font (headless browsers have few glyphs).
const PATHS = {
  duplicate: 'M5 5h8v8H5z M3 11V3h8',
  delete: 'M4 4l8 8 M12 4l-8 8',
  first: 'M4 3v10 M13 3L6 8l7 5z',
  back: 'M11 3L5 8l6 5z',
  play: 'M5 3l8 5-8 5z',
  pause: 'M5 3v10 M11 3v10',
  forward: 'M5 3l6 5-6 5z M13 3v10',
  last: 'M3 3l5 5-5 5z M8 3l5 5-5 5z M14 3v10',
  undo: 'M5 6H10a3.5 3.5 0 010 7H6 M7 3L4 6l3 3',
  redo: 'M11 6H6a3.5 3.5 0 000 7h4 M9 3l3 3-3 3',
} as const;

export function Icon({ name }: { name: keyof typeof PATHS }) {
  return (
    <svg className="icon" width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
