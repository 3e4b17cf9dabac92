// The chart is drawn on the server with the shipped CJK font: Chinese names come out as their own
// glyphs (not empty boxes, not nothing). Measured by ink in the label column, not by an exact image.
import { describe, expect, it } from 'vitest';
import {
  type ChartInput,
  chartPixels,
  LABEL_WIDTH,
  ROW,
  renderChartPngs,
  TOP,
} from '../../../core/digest/chart.ts';

const chart = (label: string): ChartInput => ({
  title: '浙江省 盘点覆盖率',
  bars: [{ label, percent: 20, onTrack: false }],
  target: 30,
  targetLabel: '节点目标 30%',
  footnote: null,
});

/** Dark pixels in the first bar's label area (left of the bars). */
function labelInk(image: { width: number; pixels: Buffer }): { count: number; mask: string } {
  let count = 0;
  const bits: number[] = [];
  for (let y = TOP; y < TOP + ROW; y++) {
    for (let x = 0; x < LABEL_WIDTH - 4; x++) {
      const i = (y * image.width + x) * 4;
      const dark = image.pixels[i]! < 128 && image.pixels[i + 3]! > 128;
      bits.push(dark ? 1 : 0);
      if (dark) count++;
    }
  }
  return { count, mask: bits.join('') };
}

describe('the digest chart', () => {
  it('renders Chinese institution names with their own glyphs', async () => {
    const [zju, sjtu, none] = await chartPixels([chart('浙江大学'), chart('上海交通大学'), chart('')]);
    const a = labelInk(zju!);
    const b = labelInk(sjtu!);
    expect(labelInk(none!).count).toBe(0);
    // Four characters of 13 px leave well over a hundred dark pixels…
    expect(a.count).toBeGreaterThan(100);
    expect(b.count).toBeGreaterThan(100);
    // …and different names different shapes (empty boxes would look alike).
    expect(a.mask).not.toBe(b.mask);
  });

  it("keeps a 100 % milestone's label inside the picture", async () => {
    const [image] = await chartPixels([
      { ...chart('浙江大学'), target: 100, targetLabel: '节点目标 100%（2024-12-31）' },
    ]);
    // The label's red ink stays clear of the right edge (centred on the line, it was cut there).
    let reddest = 0;
    for (let y = 0; y < TOP; y++) {
      for (let x = 0; x < image!.width; x++) {
        const i = (y * image!.width + x) * 4;
        const red = image!.pixels[i]! > 150 && image!.pixels[i + 1]! < 110 && image!.pixels[i + 3]! > 128;
        if (red) reddest = Math.max(reddest, x);
      }
    }
    expect(reddest).toBeGreaterThan(0);
    expect(reddest).toBeLessThan(image!.width - 20);
  });

  it('encodes PNG files', async () => {
    const [png] = await renderChartPngs([chart('浙江大学')]);
    expect(png!.subarray(1, 4).toString()).toBe('PNG');
  });
});
