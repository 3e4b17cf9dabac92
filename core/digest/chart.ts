// The digest's picture: coverage per institution (or college) as horizontal bars against the
// milestone's share as a vertical line, drawn as SVG here and rasterised to PNG by resvg, on the
// server, without a browser. The SVG is written by hand rather than through vega-lite: one kind of
// chart, and the benchmark draws 31 of them in the digest's time budget (vega took ≈ 0.5 s each).
//
// Chinese names need a CJK font: these servers have none, so Noto Sans SC (OFL) is shipped from
// npm (@expo-google-fonts/noto-sans-sc, a TTF: resvg does not read woff2) and nothing else is
// loaded. resvg reads the 10 MB font again for every glyph it lays out (≈ 2 ms a glyph: 0.7 s for a
// chart), so each batch of charts is drawn with a subset of the font holding only the characters
// they use (harfbuzz's hb-subset through subset-font, ≈ 70 ms for 1 500 characters), written to a
// private temporary directory and removed afterwards.
// A province of 500 institutions shows the furthest behind (CHART_LIMIT), and says so.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import subsetFont from 'subset-font';
import { type Locale, t } from '../i18n.ts';
import { type DigestFigures, type UnitFigures, unitName } from './figures.ts';

export const CHART_LIMIT = 30;
export const CHART_FONT_FAMILY = 'Noto Sans SC';
const require = createRequire(import.meta.url);
export const CHART_FONT_FILE: string = require.resolve(
  '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
);

const escapeXml = (s: string): string =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

const WIDTH = 900;
export const LABEL_WIDTH = 260;
export const ROW = 22;
export const TOP = 70;
const BOTTOM = 40;

export interface ChartInput {
  title: string;
  /** Bars in the order shown (furthest behind first). */
  bars: { label: string; percent: number; onTrack: boolean }[];
  /** The milestone's share, drawn as a line; null when the campaign has none. */
  target: number | null;
  targetLabel: string;
  footnote: string | null;
}

export function chartInput(figures: DigestFigures, title: string, locale: Locale): ChartInput {
  const shown: UnitFigures[] = figures.units.slice(0, CHART_LIMIT);
  const target = figures.totals.milestone?.targetPercent ?? null;
  return {
    title,
    bars: shown.map((u) => ({
      label: u.nameZh === '' ? t(locale, 'digest:no_college') : unitName(u, locale),
      percent: u.percent,
      onTrack: u.onTrack,
    })),
    target,
    targetLabel:
      target === null
        ? ''
        : t(locale, 'digest:chart.target', { target, due: figures.totals.milestone?.dueDate ?? '' }),
    footnote:
      figures.units.length > CHART_LIMIT
        ? t(locale, 'digest:chart.limited', { shown: CHART_LIMIT, count: figures.units.length })
        : null,
  };
}

export function chartSvg(input: ChartInput): string {
  const rows = Math.max(1, input.bars.length);
  const height = TOP + rows * ROW + BOTTOM;
  const plot = WIDTH - LABEL_WIDTH - 30;
  const x = (percent: number) => LABEL_WIDTH + (Math.min(100, Math.max(0, percent)) / 100) * plot;
  const font = `font-family="${CHART_FONT_FAMILY}"`;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="30" ${font} font-size="20" fill="#111">${escapeXml(input.title)}</text>`,
  ];
  for (const tick of [0, 25, 50, 75, 100]) {
    parts.push(
      `<line x1="${x(tick)}" y1="${TOP - 8}" x2="${x(tick)}" y2="${TOP + rows * ROW}" stroke="#e5e5e5"/>`,
      `<text x="${x(tick)}" y="${TOP + rows * ROW + 18}" ${font} font-size="12" fill="#555" text-anchor="middle">${tick}%</text>`,
    );
  }
  input.bars.forEach((bar, i) => {
    const y = TOP + i * ROW;
    const label = bar.label.length > 18 ? `${bar.label.slice(0, 17)}…` : bar.label;
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" ${font} font-size="13" fill="#222" text-anchor="end">${escapeXml(label)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${Math.max(1, x(bar.percent) - LABEL_WIDTH)}" height="${ROW - 6}" fill="${bar.onTrack ? '#2f9e44' : '#e8590c'}"/>`,
      `<text x="${x(bar.percent) + 4}" y="${y + 15}" ${font} font-size="11" fill="#333">${bar.percent}%</text>`,
    );
  });
  if (input.target !== null) {
    // Near an edge the label runs inward from the line (a 100 % target would be cut at the right).
    const anchor = targetLabelAnchor(input.target);
    parts.push(
      `<line x1="${x(input.target)}" y1="${TOP - 12}" x2="${x(input.target)}" y2="${TOP + rows * ROW}" stroke="#c92a2a" stroke-width="2" stroke-dasharray="6 4"/>`,
      `<text x="${x(input.target)}" y="${TOP - 16}" ${font} font-size="12" fill="#c92a2a" text-anchor="${anchor}">${escapeXml(input.targetLabel)}</text>`,
    );
  }
  if (input.footnote)
    parts.push(
      `<text x="16" y="${height - 8}" ${font} font-size="12" fill="#666">${escapeXml(input.footnote)}</text>`,
    );
  parts.push('</svg>');
  return parts.join('\n');
}

let fontBytes: Promise<Buffer> | undefined;

/** PNG bytes of each chart, with the shipped CJK font (subset to their characters), no system font. */
export function renderChartPngs(inputs: readonly ChartInput[]): Promise<Buffer[]> {
  return rasterise(inputs, (image) => image.asPng());
}

/** The charts' raw RGBA pixels (tests measure the ink of the labels). */
export function chartPixels(
  inputs: readonly ChartInput[],
): Promise<{ width: number; height: number; pixels: Buffer }[]> {
  return rasterise(inputs, (image) => ({ width: image.width, height: image.height, pixels: image.pixels }));
}

async function rasterise<T>(
  inputs: readonly ChartInput[],
  output: (image: ReturnType<Resvg['render']>) => T,
): Promise<T[]> {
  if (inputs.length === 0) return [];
  const svgs = inputs.map(chartSvg);
  // Digits, the percent sign and the ellipsis of shortened names are in every chart.
  const chars = new Set(`0123456789.%…—·:：() ${svgs.map((s) => s.replace(/<[^>]*>/g, '')).join('')}`);
  fontBytes ??= readFile(CHART_FONT_FILE);
  const subset = await subsetFont(await fontBytes, [...chars].join(''), { targetFormat: 'truetype' });
  const dir = await mkdtemp(path.join(tmpdir(), 'revive-chart-'));
  try {
    const fontFile = path.join(dir, 'font.ttf');
    await writeFile(fontFile, subset, { mode: 0o600 });
    return svgs.map((svg) =>
      output(
        new Resvg(svg, {
          font: { loadSystemFonts: false, fontFiles: [fontFile], defaultFontFamily: CHART_FONT_FAMILY },
          fitTo: { mode: 'original' },
        }).render(),
      ),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function renderChartPng(input: ChartInput): Promise<Buffer> {
  return (await renderChartPngs([input]))[0]!;
}

/** Where the milestone's label stands against its line: inward near either edge, centred between. */
export function targetLabelAnchor(target: number): 'start' | 'middle' | 'end' {
  return target >= 60 ? 'end' : target <= 40 ? 'start' : 'middle';
}
