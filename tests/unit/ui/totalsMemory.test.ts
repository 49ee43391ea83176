// Issue 18: the Build view's totals show the training memory at the Train settings' batch size and optimizer.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { analyze, presetSpec } from '../../../src/model/index.ts';
import { estimateTrainingMemory, formatBytes } from '../../../src/model/memory.ts';
import { trainingPlan } from '../../../src/model/plan.ts';
import { useAppStore } from '../../../src/store/index.ts';
import { TotalsPanel } from '../../../src/ui/components/TotalsPanel.tsx';

describe('Build view totals', () => {
  it('show the training memory at the chosen batch size, with the biggest part', () => {
    const analysis = analyze(presetSpec('lenet5-mnist'));
    // Rendered on the server, the store gives its initial state: the default settings (batch 64, Adam).
    const { batchSize, optimizer } = useAppStore.getInitialState().trainSettings;
    const html = renderToStaticMarkup(createElement(TotalsPanel, { analysis }));
    const expected = estimateTrainingMemory(trainingPlan(analysis), batchSize, optimizer.kind);
    expect(html).toContain('Training memory');
    expect(html).toContain(formatBytes(expected.totalBytes));
    expect(html).toContain(`at batch size ${batchSize} with ${optimizer.kind}`);
    expect(html).toContain('biggest: activations');
  });
});
