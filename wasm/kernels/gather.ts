// Batch assembly from the uint8 dataset resident in wasm memory, as gatherBatch in src/data/augment.ts: example
// order[(offset mod L + b) mod L], random shift and flip from the reference's hashes when training, normalised in
// float32. (Gaussian noise, when set, is added by the host afterwards with the reference's own function.)
// A thread owns whole examples.

import { argI, argP, hash3, partStart } from './common';

/**
 * Arguments: 0 images (u8), 1 labels (u8), 2 order (u32), 3 orderLength, 4 offset (u32), 5 batch, 6 H, 7 W, 8 C,
 * 9 mean (f32 [C]), 10 invStd (f32 [C]), 11 shift, 12 flip, 13 seed, 14 step, 15 training, 16 x out, 17 y out (u32).
 */
export function gatherBatch(args: usize, part: i32, parts: i32): void {
  const images = argP(args, 0), labels = argP(args, 1), order = argP(args, 2), L = <u32>argI(args, 3), offset = <u32>argI(args, 4);
  const batch = argI(args, 5), H = argI(args, 6), W = argI(args, 7), C = argI(args, 8), mean = argP(args, 9), invStd = argP(args, 10);
  const shift = argI(args, 11), flip = argI(args, 12), seed = <u32>argI(args, 13), step = <u32>argI(args, 14), training = argI(args, 15);
  const xOut = argP(args, 16), yOut = argP(args, 17);
  const per = H * W * C;
  const b0 = partStart(batch, part, parts), b1 = partStart(batch, part + 1, parts);
  const span: u32 = <u32>(2 * shift + 1);
  for (let b = b0; b < b1; b++) {
    const slot: u32 = offset + <u32>b;
    const example = load<u32>(order + (<usize>(((offset % L) + <u32>b) % L) << 2));
    store<u32>(yOut + (<usize>b << 2), <u32>load<u8>(labels + <usize>example));
    let sy = 0, sx = 0, flipped = false;
    if (training) {
      const k: u32 = slot * 8;
      if (shift > 0) {
        sy = <i32>(((hash3(seed, step, k) >> 8) * span) >> 24) - shift;
        sx = <i32>(((hash3(seed, step, k + 1) >> 8) * span) >> 24) - shift;
      }
      flipped = flip != 0 && hash3(seed, step, k + 2) >> 31 == 1;
    }
    const src = images + <usize>example * <usize>per;
    const dst = xOut + (<usize>(b * per) << 2);
    for (let h = 0; h < H; h++)
      for (let w = 0; w < W; w++) {
        const sh = h - sy, sw = w - sx;
        const inside = sh >= 0 && sh < H && sw >= 0 && sw < W;
        const from = src + <usize>((sh * W + (flipped ? W - 1 - sw : sw)) * C);
        const to = dst + (<usize>((h * W + w) * C) << 2);
        for (let c = 0; c < C; c++) {
          const pixel: f32 = inside ? <f32>load<u8>(from + <usize>c) : 0;
          store<f32>(to + (<usize>c << 2), (pixel - load<f32>(mean + (<usize>c << 2))) * load<f32>(invStd + (<usize>c << 2)));
        }
      }
  }
}
