// Spec <-> JSON text and <-> a compact URL-hash token for sharing a network in a link.
// Token: "n1." + base64url(deflate-raw(UTF-8 JSON)); the version prefix lets the format change later.

import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { issue, SpecError } from './issues.ts';
import { parseSpec, parseSpecText } from './parse.ts';
import type { NetworkSpec } from './spec.ts';

const TOKEN_PREFIX = 'n1.';
/** Links longer than this are refused when decoding: no real network needs more. */
const MAX_TOKEN_LENGTH = 20_000;
const MAX_INFLATED_BYTES = 4_000_000;

/** The spec with keys in a fixed order, so saved files diff cleanly. */
export function canonicalSpec(spec: NetworkSpec): NetworkSpec {
  const out: NetworkSpec = { input: { height: spec.input.height, width: spec.input.width, channels: spec.input.channels }, layers: spec.layers.map((l) => ({ ...l })) };
  const ordered: NetworkSpec = { ...(spec.name !== undefined ? { name: spec.name } : {}), ...(spec.description !== undefined ? { description: spec.description } : {}), ...out };
  return ordered;
}

/** Pretty JSON with one layer per line. */
export function specToJSON(spec: NetworkSpec): string {
  const c = canonicalSpec(spec);
  const head = JSON.stringify({ ...c, layers: [] }, null, 2).replace(/"layers": \[\]\n}$/, '');
  const layers = c.layers.map((l) => '    ' + JSON.stringify(l)).join(',\n');
  return `${head}"layers": [\n${layers}\n  ]\n}\n`;
}

/** Parses a spec file's text; throws a SpecError naming every problem. */
export function specFromJSON(text: string): NetworkSpec {
  const { spec, issues } = parseSpecText(text);
  if (!spec) throw new SpecError(issues);
  return spec;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// Hand-written because btoa/atob are not part of the pure (no DOM, no Node) library.
function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

function fromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new Error('impossible base64 length');
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let value = 0;
  let j = 0;
  for (const ch of text) {
    value = (value << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (value >> bits) & 255;
      value &= (1 << bits) - 1;
    }
  }
  return out;
}

/** A short token for the URL hash. */
export function encodeSpecToken(spec: NetworkSpec): string {
  return TOKEN_PREFIX + toBase64Url(deflateSync(strToU8(JSON.stringify(canonicalSpec(spec))), { level: 9 }));
}

function linkError(text: string): SpecError {
  return new SpecError([issue('error', 'bad-link', { layerIndex: null, field: 'link' }, text)]);
}

/** Decodes a token from a shared link; throws a SpecError for anything malformed. */
export function decodeSpecToken(token: string): NetworkSpec {
  if (typeof token !== 'string' || !token.startsWith(TOKEN_PREFIX)) {
    throw linkError(`the shared link does not hold a ConvLab network (it should start with "${TOKEN_PREFIX}"); ask for the link again or load the spec file instead.`);
  }
  if (token.length > MAX_TOKEN_LENGTH) throw linkError(`the shared link is ${token.length} characters long, more than the ${MAX_TOKEN_LENGTH} allowed.`);
  const body = token.slice(TOKEN_PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(body)) throw linkError('the shared link contains characters that cannot appear in it; it was probably cut or altered when copied.');
  let text: string;
  try {
    const inflated = inflateSync(fromBase64Url(body));
    if (inflated.length > MAX_INFLATED_BYTES) throw new Error('too large');
    text = strFromU8(inflated);
  } catch {
    throw linkError('the shared link is damaged (its data does not decompress); it was probably cut when copied.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw linkError('the shared link is damaged (its data is not valid JSON).');
  }
  const { spec, issues } = parseSpec(value);
  if (!spec) throw new SpecError(issues);
  return spec;
}
