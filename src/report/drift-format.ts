// Number, p-value and share formatting, and table-cell escaping, of the drift report section.

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

export function formatPValue(value: number | undefined): string {
  if (value === undefined) return '–';
  if (value === 0) return '< 1e-300';
  return value < 1e-4 ? value.toExponential(1) : value.toFixed(4);
}

export function formatShare(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** Escapes text for a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
