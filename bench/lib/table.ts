import { ratioOf, type BenchRow } from './contract.js';

/** A row labelled with the bench file it came from. */
export type LabelledRow = BenchRow & { bench?: string };

const HEADER = ['benchmark', 'oauthflow', 'baseline', 'ratio', 'goal', 'result'];

/** The results as a Markdown table (it reads fine in a terminal and pastes into the docs). */
export function formatTable(rows: readonly LabelledRow[]): string {
  const lines = rows.map((row) => [
    row.name,
    `${formatNumber(row.oauthflow)} ${row.unit}`,
    row.baseline === undefined ? '—' : `${formatNumber(row.baseline)} ${row.unit} (${row.baselineName ?? 'baseline'})`,
    formatRatio(ratioOf(row)),
    row.goal ?? '—',
    row.pass === undefined ? 'info' : row.pass ? 'pass' : 'FAIL',
  ]);
  const widths = HEADER.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  const table = [render(HEADER), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)];
  const notes = rows.filter((row) => row.note).map((row) => `- ${row.name}: ${row.note}`);
  return [...table, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

/** Three significant digits, without exponent noise for the sizes these benches produce. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e7) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined) return '—';
  return ratio >= 0.1 ? `${ratio.toFixed(3)}×` : `${ratio.toPrecision(2)}×`;
}
