// Several metrics of the base and the head on one chart, drawn through the real pipeline: one
// colour per metric, the base dashed and the head solid (golden: metrics-overlay.png).

import { describe, it } from 'vitest';
import { parseData, renderPlot, type PlotSource } from '../../../src/core/plot/index.js';
import { expectMatchesGolden, readFixture } from './golden.js';

function source(file: string, revision: string): PlotSource {
  return { rows: parseData(readFixture(file), 'csv', file), revision, file: 'metrics.csv' };
}

describe('metrics overlay', () => {
  it('matches its golden image', async () => {
    const png = await renderPlot({
      template: 'linear',
      sources: [source('metrics-base.csv', 'main'), source('metrics.csv', 'feature')],
      y: ['loss', 'val_loss'],
      title: 'Loss',
    });
    await expectMatchesGolden(png, 'metrics-overlay');
  });
});
