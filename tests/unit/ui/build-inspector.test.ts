// The inspector rendered to HTML (react-dom/server, no browser): fields generated from the layer definition,
// defaults as placeholders, and the model's messages on the field they concern.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { analyze, layerDef } from '../../../src/model/index.ts';
import { createNetworkSlice, INPUT_ID, type NetworkSlice } from '../../../src/store/networkSlice.ts';
import { FieldInput } from '../../../src/ui/build/FieldInput.tsx';
import { InputInspector, LayerInspector } from '../../../src/ui/build/Inspector.tsx';

let store = createStore<NetworkSlice>()((...a) => createNetworkSlice(...a));

/** The inspector panel for the store's selection, rendered to HTML. */
function html(): string {
  const s = store.getState();
  const analysis = analyze(s.spec);
  if (s.selectedId === INPUT_ID) {
    return renderToStaticMarkup(createElement(InputInspector, { input: s.spec.input, issues: analysis.issues.filter((i) => i.layerIndex === null), onField: () => {} }));
  }
  const index = s.layerIds.indexOf(s.selectedId!);
  return renderToStaticMarkup(
    createElement(LayerInspector, { id: s.selectedId!, index, layer: s.spec.layers[index]!, issues: analysis.issues.filter((i) => i.layerIndex === index), onField: () => {} }),
  );
}
const labels = (markup: string) => [...markup.matchAll(/<label[^>]*>(?:<input[^>]*\/?> )?([^<*]+)/g)].map((m) => m[1]!.trim());

beforeEach(() => {
  store = createStore<NetworkSlice>()((...a) => createNetworkSlice(...a));
});

describe('inspector', () => {
  it('has one field per definition field of the selected layer, in order', () => {
    const s = store.getState();
    s.select(s.layerIds[0]!);
    const markup = html();
    expect(labels(markup)).toEqual(layerDef('conv2d').fields.map((f) => f.label));
    expect(markup).toContain('Layer 1: Conv 2D');
    // Dilation is not in the preset: its default is the placeholder and the box is empty.
    expect(markup).toMatch(/<input id="[^"]+" type="text"[^>]*placeholder="1 \(default\)"[^>]*data-testid="field-dilation" value=""/);
  });

  it('shows the analysis error on the field it belongs to', () => {
    const s = store.getState();
    s.setLayerField(3, 'kernelSize', 40);
    s.select(s.layerIds[3]!);
    const markup = html();
    const message = /data-testid="field-kernelSize-message">([^<]+)</.exec(markup)?.[1];
    expect(message).toMatch(/^Layer 4 \(conv2d\): the window, 40, is larger than the padded input 14/);
    expect(markup).toMatch(/class="field-message issue-error"/);
    expect(markup).toMatch(/aria-invalid="true"[^>]*data-testid="field-kernelSize"/);
  });

  it('shows the stride warning as a warning', () => {
    const s = store.getState();
    s.setLayerField(0, 'stride', 3);
    s.setLayerField(0, 'padding', 0);
    s.select(s.layerIds[0]!);
    expect(/data-testid="field-stride-message">([^<]+)</.exec(html())?.[1]).toMatch(/stride 3 doesn&#x27;t fit .* Strides that fit: 1 and 23/);
    expect(html()).toMatch(/class="field-message issue-warning"/);
  });

  it('edits the input block', () => {
    store.getState().select(INPUT_ID);
    const markup = html();
    expect(labels(markup)).toEqual(['Height', 'Width', 'Channels']);
    expect(markup).toMatch(/value="28"/);
  });

  it('a layer kind without fields says so', () => {
    const s = store.getState();
    s.select(s.layerIds[1]!);
    expect(html()).toContain('This layer has nothing to set.');
  });
});

describe('field input', () => {
  it('links its help and message for assistive technology', () => {
    const def = layerDef('dropout').fields[0]!;
    const markup = renderToStaticMarkup(
      createElement(FieldInput, { def, value: 0.5, index: 0, layerType: 'dropout', issues: [{ severity: 'info', message: 'note' }], onCommit: () => {} }),
    );
    const describedBy = /aria-describedby="([^"]+)"/.exec(markup)![1]!.split(' ');
    expect(describedBy).toHaveLength(2);
    for (const id of describedBy) expect(markup).toContain(`id="${id}"`);
    expect(markup).toContain('value="0.5"');
    expect(markup).toMatch(/role="alert"[^>]*>note</);
  });
});
