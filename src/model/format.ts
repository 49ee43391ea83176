// Number and shape formatting shared by the CLI table and the UI.

/** 61706 -> "61,706". */
export function grouped(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 61706 -> "61.7K", 138357544 -> "138.4M". */
export function compact(n: number): string {
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']];
  for (const [size, suffix] of units) if (Math.abs(n) >= size) return `${trim(n / size)}${suffix}`;
  return `${n}`;
}

/** 1536 -> "1.5 KiB". */
export function bytes(n: number): string {
  const units: [number, string][] = [[2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
  for (const [size, suffix] of units) if (n >= size) return `${trim(n / size)} ${suffix}`;
  return `${n} B`;
}

function trim(x: number): string {
  // Only zeros after a decimal point go: 240 stays "240" ("240K", not "24K").
  return (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** Control characters (C0, DEL, C1) and the line/paragraph separators: never echoed raw to a terminal or a page. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Control characters as visible escapes (\x1b, \n), so a name cannot move the cursor or recolour a terminal. */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code === 10 ? '\\n' : code === 13 ? '\\r' : code === 9 ? '\\t' : code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/** A user-supplied string for a message: control characters escaped and cut to `max` characters with the rest counted. */
export function clip(s: string, max = 60): string {
  const head = s.length > max ? s.slice(0, max) : s;
  return escapeControl(head) + (s.length > max ? `… (${grouped(s.length - max)} more characters)` : '');
}
