// subset-font ships no types: the one call the chart makes.
declare module 'subset-font' {
  export default function subsetFont(
    font: Buffer,
    text: string,
    options?: { targetFormat?: 'truetype' | 'sfnt' | 'woff' | 'woff2' },
  ): Promise<Buffer>;
}
