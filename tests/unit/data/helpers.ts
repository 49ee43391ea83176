// Shared helpers for the dataset tests: catching a DatasetError and deterministic fixture bytes.

import { expect } from 'vitest';
import { DatasetError, type DatasetErrorCode } from '../../../src/data/index.ts';

/** Runs f, expects a DatasetError with the given code whose message starts with the file name. */
export function expectDatasetError(f: () => unknown, code: DatasetErrorCode, file: string): DatasetError {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error, `expected a DatasetError '${code}'`).toBeInstanceOf(DatasetError);
  const d = error as DatasetError;
  expect(d.code).toBe(code);
  expect(d.file).toBe(file);
  expect(d.message.startsWith(`${file}: `)).toBe(true);
  return d;
}

/** count bytes from a fixed linear congruential sequence. */
export function pseudoBytes(count: number, seed = 1): Uint8Array {
  const out = new Uint8Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}
