// The dataset files' checksum check: a file that matches the manifest's SHA-256 is used, one that does not is refused
// with both sums (Node has no Cache Storage, so this is the verification alone).
import { describe, expect, it } from 'vitest';
import { fetchVerified, sha256Hex } from '../../src/engine/datasetCache.ts';

const bytes = new Uint8Array([1, 2, 3, 4, 5]);
const url = `data:application/octet-stream;base64,${Buffer.from(bytes).toString('base64')}`;

describe('fetchVerified', () => {
  it('hashes as sha256sum does', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('returns a file whose checksum matches, with progress', async () => {
    let seen = 0;
    expect(Array.from(await fetchVerified(url, await sha256Hex(bytes), (n) => (seen += n)))).toEqual([1, 2, 3, 4, 5]);
    expect(seen).toBe(5);
  });

  it('refuses a file whose checksum does not match, naming both sums', async () => {
    const wrong = '0'.repeat(64);
    await expect(fetchVerified(url, wrong, () => {})).rejects.toThrow(/does not match the data manifest's checksum \(SHA-256 74f81fe1[0-9a-f]+, expected 0{64}\), so it was not used/);
  });
});
