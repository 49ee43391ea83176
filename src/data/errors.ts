// DatasetError: every parser failure names the file, what is wrong with it and what to do about it.

export type DatasetErrorCode =
  | 'bad-magic'
  | 'bad-dtype'
  | 'truncated'
  | 'trailing-data'
  | 'count-mismatch'
  | 'bad-label'
  | 'not-an-image'
  | 'empty-class'
  | 'too-large'
  | 'bad-archive'
  | 'missing-file';

export class DatasetError extends Error {
  override readonly name = 'DatasetError';

  constructor(
    readonly code: DatasetErrorCode,
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

/** "0x00000803". */
export function hex32(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}
