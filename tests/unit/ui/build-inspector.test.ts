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
import { LayerCard } from '../../../src/ui/components/LayerCard.tsx';
import { DndContext } from '@dnd-kit/core';
import { SortableContext } from '@dnd-kit/sortable';

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

  it('shows the stride warning as a warning that points to the card, where its text and fixes are', () => {
    const s = store.getState();
    s.setLayerField(0, 'stride', 3);
    s.setLayerField(0, 'padding', 0);
    s.select(s.layerIds[0]!);
    const message = /data-testid="field-stride-message">([^<]+)</.exec(html())?.[1];
    expect(message).toBe('Doesn&#x27;t fit the input exactly: the warning on layer 1&#x27;s card in the stack explains it and offers settings that fit.');
    // The paragraph itself is on the card only (LayerCard), not repeated beside the field.
    expect(html()).not.toContain('Strides that fit');
    expect(html()).toMatch(/class="field-message issue-warning"/);
  });

  it('shows the real default as the placeholder: a pooling stride follows the pool size', () => {
    const s = store.getState();
    // LeNet-5 (MNIST) layer 3 is a max pool; make it 3x3 and let its stride default.
    s.setLayerField(2, 'poolSize', 3);
    s.setLayerField(2, 'stride', undefined);
    s.select(s.layerIds[2]!);
    expect(html()).toMatch(/placeholder="3 \(default: the pool size\)"[^>]*data-testid="field-stride" value=""/);
    expect(html()).toMatch(/placeholder="0 \(default\)"[^>]*data-testid="field-padding"/);
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

describe('layer card', () => {
  /** Layer `index`'s card as the stack renders it. */
  function card(index: number): string {
    const s = store.getState();
    const analysis = analyze(s.spec);
    const props = {
      id: s.layerIds[index]!,
      index,
      layer: s.spec.layers[index]!,
      analysis: analysis.layers.find((l) => l.index === index),
      issues: analysis.issues.filter((i) => i.layerIndex === index),
      selected: false,
      onSelect: () => {},
      onDuplicate: () => {},
      onDelete: () => {},
    };
    return renderToStaticMarkup(createElement(DndContext, null, createElement(SortableContext, { items: s.layerIds, children: createElement(LayerCard, props) })));
  }

  it('carries the one "doesn\'t fit" text with its one-click fixes beside it', () => {
    const s = store.getState();
    s.setLayerField(0, 'stride', 3);
    s.setLayerField(0, 'padding', 0);
    const markup = card(0);
    expect(markup.match(/doesn&#x27;t fit/g)).toHaveLength(1);
    const warning = /<li class="issue issue-warning"[^>]*>(.*?)<\/li>/.exec(markup)![1]!;
    expect(warning).toMatch(/^Layer 1 \(conv2d\): stride 3 doesn&#x27;t fit along the height and width: \(28 - 5 \+ 2·0\) \/ 3 \+ 1 = 8\.67/);
    // (28 - 5 + 2P) / S whole: S = 1 or 23 with P = 0; with S = 3, P = 2 (23 + 4 = 27) or 5 (23 + 10 = 33).
    expect([...warning.matchAll(/aria-label="Use (stride|padding) (\d+)"/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual(['stride 1', 'stride 23', 'padding 2', 'padding 5']);
  });

  it('a layer that fits has no fixes', () => {
    expect(card(0)).not.toContain('quick-fixes');
  });
});
