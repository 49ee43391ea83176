// The store tests' dataset: two classes of 4x4 images, bright top half (0) or bright bottom half (1), with a little
// seeded noise, so that a tiny net learns it in a few steps.
import type { Dataset } from '../../../src/data/index.ts';

function toySplit(count: number, seed: number): Dataset['train'] {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const images = new Uint8Array(count * 16);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    labels[n] = n % 2;
    for (let i = 0; i < 16; i++) images[n * 16 + i] = ((i < 8) === (labels[n] === 0) ? 200 : 30) + Math.floor(rand() * 40);
  }
  return { images, labels, count };
}

export const toyDataset: Dataset = { name: 'Toy', classes: ['top', 'bottom'], height: 4, width: 4, channels: 1, train: toySplit(256, 1), test: toySplit(40, 2) };
