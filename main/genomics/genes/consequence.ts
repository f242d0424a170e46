// Consequence terms (Sequence Ontology names without "_variant", as VEP and PCGR report them), most
// severe first: a variant touching several features gets the most severe one.
export const CONSEQUENCES = [
  'splice_acceptor', 'splice_donor', 'stop_gained', 'frameshift', 'stop_lost', 'start_lost',
  'inframe_insertion', 'inframe_deletion', 'missense', 'splice_region', 'synonymous', 'coding_sequence',
  '5_prime_UTR', '3_prime_UTR', 'non_coding_exon', 'intron', 'upstream', 'downstream', 'intergenic',
] as const;

export type Consequence = (typeof CONSEQUENCES)[number];

export type Region = 'exon' | 'intron' | "5'UTR" | "3'UTR" | 'splice' | 'upstream' | 'downstream' | 'intergenic';

export const severity = (c: Consequence): number => CONSEQUENCES.indexOf(c);

export function mostSevere(list: readonly Consequence[]): Consequence {
  return [...list].sort((a, b) => severity(a) - severity(b))[0] ?? 'intergenic';
}

/** A variant's change reduced to its minimal alleles: REF spans [start, end] (1-based); an insertion has end = start - 1 (it lies between end and start). */
export interface MinimalChange {
  start: number;
  end: number;
  ref: string;
  alt: string;
}

/** Whether REF and ALT are both written as bases (not a symbolic allele such as <DEL>, a breakend or '*'). */
export const isSequenceAllele = (ref: string, alt: string): boolean => /^[ACGTN]+$/i.test(ref) && /^[ACGTN]*$/i.test(alt) && alt !== '';

/** Trims the bases REF and ALT share (suffix, then prefix), as bcftools norm does. */
export function minimalChange(pos: number, ref: string, alt: string): MinimalChange {
  let r = ref.toUpperCase();
  let a = alt.toUpperCase();
  while (r.length > 0 && a.length > 0 && r.at(-1) === a.at(-1)) {
    r = r.slice(0, -1);
    a = a.slice(0, -1);
  }
  let start = pos;
  while (r.length > 0 && a.length > 0 && r[0] === a[0]) {
    r = r.slice(1);
    a = a.slice(1);
    start += 1;
  }
  return { start, end: start + r.length - 1, ref: r, alt: a };
}

export type VariantClass = 'SNV' | 'insertion' | 'deletion' | 'delins';

export function variantClass(change: MinimalChange): VariantClass {
  if (change.ref.length === 1 && change.alt.length === 1) return 'SNV';
  if (change.ref.length === 0) return 'insertion';
  if (change.alt.length === 0) return 'deletion';
  return 'delins';
}
