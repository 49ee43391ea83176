// The palette's groups and the order its entries are shown in, which is the order the arrow keys walk (a roving
// tabindex: the palette is one Tab stop).
import { LAYER_KINDS, layerDef, type LayerCategory, type LayerKind } from '../../model/index.ts';

export const PALETTE_GROUPS: { category: LayerCategory; title: string }[] = [
  { category: 'convolution', title: 'Convolution' },
  { category: 'pooling', title: 'Pooling' },
  { category: 'dense', title: 'Dense' },
  { category: 'activation', title: 'Activations' },
  { category: 'normalization', title: 'Normalisation' },
  { category: 'regularization', title: 'Regularisation' },
  { category: 'reshape', title: 'Reshape' },
];

export const kindsOf = (category: LayerCategory) => LAYER_KINDS.filter((k) => layerDef(k).category === category);

/** The entries in the order they are shown, which is the order the arrow keys walk. */
export const PALETTE_ORDER: readonly LayerKind[] = PALETTE_GROUPS.flatMap((g) => kindsOf(g.category));

/** The entry a key moves focus to from `kind`, or null for keys the palette does not handle. */
export function paletteStep(kind: LayerKind, key: string): LayerKind | null {
  const i = PALETTE_ORDER.indexOf(kind);
  const last = PALETTE_ORDER.length - 1;
  const to = key === 'ArrowDown' || key === 'ArrowRight' ? Math.min(i + 1, last) : key === 'ArrowUp' || key === 'ArrowLeft' ? Math.max(i - 1, 0) : key === 'Home' ? 0 : key === 'End' ? last : null;
  return to === null ? null : PALETTE_ORDER[to]!;
}
