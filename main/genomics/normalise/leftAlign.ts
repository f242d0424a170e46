// Left-alignment and trimming of a REF/ALT pair against the reference, as `bcftools norm -f` and
// vt normalize do: drop a shared last base, extend to the left with the reference base whenever an
// allele becomes empty, repeat, then trim shared leading bases down to one. 1-based positions.
import { isSymbolic } from '../vcf/alleles.ts';
import type { ReferenceSequence } from '../types.ts';

export interface Normalised {
  readonly pos: number;
  readonly ref: string;
  readonly alt: string;
  /**
   * 'normalised': moved or trimmed (or already minimal and left-aligned); 'symbolic': left as is;
   * 'no-reference': the reference does not cover the variant; 'ref-mismatch': REF differs from
   * the reference there (left as is, as bcftools norm -c w does).
   */
  readonly status: 'normalised' | 'symbolic' | 'no-reference' | 'ref-mismatch';
}

export interface AlleleSpan {
  readonly chrom: string;
  readonly pos: number;
  readonly ref: string;
  readonly alt: string;
}

export function normalise(variant: AlleleSpan, reference: ReferenceSequence): Normalised {
  const { chrom } = variant;
  let { pos, ref, alt } = variant;
  if (isSymbolic(alt)) return { pos, ref, alt, status: 'symbolic' };
  const upperRef = ref.toUpperCase();
  const onReference = reference.fetch(chrom, pos, pos + ref.length - 1);
  if (onReference === null) return { pos, ref, alt, status: 'no-reference' };
  if (onReference !== upperRef) return { pos, ref, alt, status: 'ref-mismatch' };
  ref = upperRef;
  alt = alt.toUpperCase();
  if (ref === alt) return { pos, ref, alt, status: 'normalised' }; // not a variant: nothing to align
  for (;;) {
    if (ref.length > 0 && alt.length > 0 && ref.charCodeAt(ref.length - 1) === alt.charCodeAt(alt.length - 1)) {
      ref = ref.slice(0, -1);
      alt = alt.slice(0, -1);
    } else if (ref.length === 0 || alt.length === 0) {
      const before = pos > 1 ? reference.fetch(chrom, pos - 1, pos - 1) : null;
      if (before === null) break; // at the start of the reference: keep what we have
      ref = before + ref;
      alt = before + alt;
      pos--;
    } else break;
  }
  while (ref.length > 1 && alt.length > 1 && ref.charCodeAt(0) === alt.charCodeAt(0)) {
    ref = ref.slice(1);
    alt = alt.slice(1);
    pos++;
  }
  if (ref.length === 0 || alt.length === 0) return { ...variant, status: 'no-reference' };
  return { pos, ref, alt, status: 'normalised' };
}
