// Small Markdown helpers the report sections share.

/** Text safe inside a Markdown line or table cell: no accidental code, emphasis, links or HTML. */
export function escapeInline(text: string): string {
  // `<` only where it could open an HTML tag; "acc < 0.8" stays readable.
  return text.replace(/([\\`*_[\]|])/g, '\\$1').replace(/<(?=[A-Za-z/!?])/g, '\\<');
}
