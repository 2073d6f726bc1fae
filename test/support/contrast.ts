/**
 * WCAG's contrast ratio of two colours, as computed styles give them (`rgb(…)`/`rgba(…)`, alpha
 * ignored: these are opaque) or as `#rrggbb`. Computed here, independently of the app's own code.
 */
export function contrast(a: string, b: string): number {
  const channels = (colour: string): number[] =>
    colour.startsWith('#')
      ? [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16))
      : (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const luminance = (colour: string): number => {
    const [r = 0, g = 0, b = 0] = channels(colour).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi = 0, lo = 0] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
