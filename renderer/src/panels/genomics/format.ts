// How the Genomics tab writes a variant's values: alleles shortened past 12 bases, VAF as a percentage
// to 0.1, ClinVar's review as gold stars, a tier with the clinician's override beside the automatic call.
import type { VariantRow } from '../../../../preload/api.ts';

const allele = (bases: string): string => (bases.length > 12 ? `${bases.slice(0, 10)}…(${bases.length})` : bases || '-');

export const locus = (v: Pick<VariantRow, 'chrom' | 'pos' | 'ref' | 'alt'>): string => `${v.chrom}:${v.pos.toLocaleString('en-US')} ${allele(v.ref)}>${allele(v.alt)}`;

export const vafText = (vaf: number | null): string => (vaf === null ? '—' : `${(vaf * 100).toFixed(1)} %`);

export const stars = (n: number): string => `${'★'.repeat(n)}${'☆'.repeat(Math.max(0, 4 - n))}`;

export const consequenceText = (consequence: string | null): string => (consequence ? consequence.replace(/_/g, ' ') : '—');

export const scoreText = (score: number | null): string => (score === null ? '—' : score.toFixed(2));
