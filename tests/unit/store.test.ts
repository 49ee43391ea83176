// The network slice: opening shared links, presets and the derived (memoised) analysis.
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { encodeSpecToken, presetSpec, type NetworkSpec } from '../../src/model/index.ts';
import { createNetworkSlice, hashFor, selectAnalysis, stateFromHash, type NetworkSlice } from '../../src/store/networkSlice.ts';

const custom: NetworkSpec = { name: 'Tiny', input: { height: 8, width: 8, channels: 1 }, layers: [{ type: 'flatten' }, { type: 'dense', units: 2 }] };

describe('stateFromHash', () => {
  it('starts on the default preset without a hash', () => {
    expect(stateFromHash('')).toEqual({ spec: presetSpec('lenet5-mnist'), presetId: 'lenet5-mnist', linkError: null });
  });

  it('opens a shared custom network and a shared preset (which stays selected)', () => {
    expect(stateFromHash(hashFor(encodeSpecToken(custom)))).toEqual({ spec: custom, presetId: null, linkError: null });
    expect(stateFromHash(hashFor(encodeSpecToken(presetSpec('vgg16')))).presetId).toBe('vgg16');
  });

  it.each(['#net=n1.!!!', '#net=garbage', '#net=n1.AAAA', `#net=${encodeSpecToken(custom).slice(0, 20)}`])(
    'falls back to the default with a message for the broken link %s',
    (hash) => {
      const state = stateFromHash(hash);
      expect(state.presetId).toBe('lenet5-mnist');
      expect(state.linkError).toMatch(/^Could not open the shared link: .+ Showing the default network instead\.$/);
    },
  );

  it('refuses a link to an invalid network, naming the layer', () => {
    const bad = { input: { height: 4, width: 4, channels: 1 }, layers: [{ type: 'conv2d', filters: 1, kernelSize: 3, stride: 0 }] } as unknown as NetworkSpec;
    expect(stateFromHash(hashFor(encodeSpecToken(bad))).linkError).toContain('Layer 1 (conv2d): stride');
  });
});

describe('network slice', () => {
  const store = () => createStore<NetworkSlice>()((...a) => createNetworkSlice(...a));

  it('loads presets and custom specs', () => {
    const s = store();
    s.getState().loadPreset('mlp');
    expect(s.getState()).toMatchObject({ presetId: 'mlp', spec: presetSpec('mlp') });
    s.getState().setSpec(custom);
    expect(s.getState()).toMatchObject({ presetId: null, spec: custom });
  });

  it('keeps the current network when a pasted link is broken', () => {
    const s = store();
    s.getState().setSpec(custom);
    s.getState().openHash('#net=n1.!!!');
    expect(s.getState().spec).toBe(custom);
    expect(s.getState().linkError).toMatch(/shared link/);
    s.getState().dismissLinkError();
    expect(s.getState().linkError).toBeNull();
  });

  it('derives the analysis once per spec', () => {
    const s = store();
    const first = selectAnalysis(s.getState());
    expect(selectAnalysis(s.getState())).toBe(first);
    expect(first.totals.params).toBe(61_706);
    s.getState().setSpec(custom);
    expect(selectAnalysis(s.getState()).totals.params).toBe(8 * 8 * 2 + 2);
  });
});
