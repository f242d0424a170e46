// The bench's rows, their goals, the printed table and the JSON file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { median } from './stats.ts';
import type { MachineInfo, ReferenceTools } from './machine.ts';

/**
 * A goal on one row. ratio = Precis / reference (for times: lower is better; for images/s: higher).
 * - ratioAtMost / ratioAtLeast: a bound on that ratio.
 * - valueAtMost: a bound on the Precis value itself, in the row's unit.
 * - info: reported, no goal.
 */
export type Goal =
  | { kind: 'ratioAtMost' | 'ratioAtLeast' | 'valueAtMost'; limit: number; text: string }
  | { kind: 'info'; text: string };

export interface Row {
  /** Stable key, e.g. "import.chest-ct.vs-cp". */
  id: string;
  item: string;
  unit: string;
  /** Per-run values; the table shows their median. */
  precisRuns: number[];
  referenceRuns: number[];
  /** What the reference column is (a tool, the bare page, the smallest size...). */
  referenceLabel: string;
  /** Set when the reference tool is missing: the reason and its install command. */
  noReference?: string;
  goal: Goal;
  /** No Precis/reference ratio (e.g. for percentages near zero). */
  noRatio?: boolean;
  /** Extra figures from the runs (breakdowns, per-process memory...). */
  details?: Record<string, unknown>;
  /** Where the time (or memory) goes, in figures from the same run: printed under the table when the
   *  goal is missed. */
  missedBecause?: string;
}

export interface EvaluatedRow extends Row {
  precis: number | null;
  reference: number | null;
  ratio: number | null;
  /** true met, false MISSED, null no goal (info) or not measurable. */
  met: boolean | null;
  status: 'met' | 'MISSED' | 'info' | 'no reference' | 'not measured';
}

export function evaluate(row: Row): EvaluatedRow {
  const precis = median(row.precisRuns);
  const reference = row.noReference ? null : median(row.referenceRuns);
  const ratio = !row.noRatio && precis !== null && reference !== null && reference > 0 ? precis / reference : null;
  const goal = row.goal;
  let met: boolean | null = null;
  if (goal.kind === 'valueAtMost') met = precis === null ? null : precis <= goal.limit;
  else if (goal.kind === 'ratioAtMost') met = ratio === null ? null : ratio <= goal.limit;
  else if (goal.kind === 'ratioAtLeast') met = ratio === null ? null : ratio >= goal.limit;
  let status: EvaluatedRow['status'];
  if (precis === null) status = 'not measured';
  else if (met === true) status = 'met';
  else if (met === false) status = 'MISSED';
  else if (row.noReference) status = 'no reference';
  else status = 'info';
  return { ...row, precis, reference, ratio, met, status };
}

function formatNumber(value: number | null, unit: string): string {
  if (value === null) return '—';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return `${value.toFixed(digits)} ${unit}`;
}

/** The table as Markdown (it prints readably on a terminal and pastes into the README as is). */
export function formatTable(rows: readonly EvaluatedRow[]): string {
  const header = ['item', 'Precis (median)', 'reference (median)', 'ratio', 'goal', 'result'];
  const lines = rows.map((r) => [
    r.item,
    formatNumber(r.precis, r.unit),
    r.noReference ? `no reference: ${r.noReference}` : `${formatNumber(r.reference, r.unit)} (${r.referenceLabel})`,
    r.ratio === null ? '—' : `${r.ratio.toFixed(2)}x`,
    r.goal.text,
    r.status,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const fmt = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

/** For every MISSED row: where the time goes (rows without an explanation say so). */
export function formatMisses(rows: readonly EvaluatedRow[]): string {
  const missed = rows.filter((r) => r.status === 'MISSED');
  if (missed.length === 0) return '';
  const lines = missed.map((r) => `- ${r.item}: ${r.missedBecause ?? 'no breakdown measured.'}`);
  return ['Where the time goes, for each MISSED row (figures from this run):', ...lines].join('\n');
}

export interface BenchResult {
  date: string;
  command: string;
  options: { runs: number; quick: boolean };
  machine: MachineInfo;
  references: ReferenceTools;
  durationSeconds: number;
  rows: EvaluatedRow[];
  table: string;
  misses: string;
}

export function writeJson(path: string, result: BenchResult): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
}
