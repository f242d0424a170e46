// How the AI tab writes numbers and times: rounded as a clinician reads them (volumes to 0.1 mL,
// percentages to 0.1 %, lengths to 0.1 mm, HU to 0.1), grouped in thousands, the unit always shown.
import type { BiomarkerValue, ReviewedFinding } from '../../../../preload/api.ts';

/** Decimals per unit; other units keep 3 significant digits. */
const DECIMALS: Record<string, number> = { mL: 1, '%': 1, mm: 1, HU: 1, cm3: 1, L: 2 };

export function formatValue(value: number, unit: string): string {
  const decimals = DECIMALS[unit];
  const text = decimals === undefined
    ? Number(value.toPrecision(3)).toLocaleString('en-US')
    : value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return unit === '%' ? `${text} %` : `${text} ${unit}`;
}

export const formatBiomarker = (b: BiomarkerValue): string => `${b.name}: ${formatValue(b.value, b.unit)}`;

/** An ISO time as the reader's local date and time to the minute ('2026-11-30 12:52'). */
export function formatWhen(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The state of a finding in words: nothing proposed reads as decided. */
export function reviewText(f: Pick<ReviewedFinding, 'review' | 'reviewedBy' | 'reviewedAt'>): string {
  if (f.review === 'proposed') return 'Proposed — not reviewed';
  return `${f.review === 'accepted' ? 'Accepted' : 'Rejected'} by ${f.reviewedBy ?? 'unknown'} at ${formatWhen(f.reviewedAt)}`;
}

/** The card's opening as plain text: the title line (the model's name, shown above) and Markdown marks left out. */
export function cardText(markdown: string): string {
  return markdown.split('\n').filter((line) => !line.startsWith('#')).join(' ').replace(/\*\*|__|`/g, '').replace(/\s+/g, ' ').trim();
}
