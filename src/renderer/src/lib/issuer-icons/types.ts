/** One bundled issuer icon (from simple-icons) and what it is matched by. */
export interface IssuerIconData {
  readonly slug: string;
  readonly title: string;
  /** The brand colour, six hex digits. */
  readonly hex: string;
  /** The glyph on a 24×24 view box. */
  readonly path: string;
  /** Other names and domains it is matched by (its title and `<slug>.<tld>` need not be listed). */
  readonly also: readonly string[];
}
