// Allele representation without a reference: symbolic/structural alleles, and trimming a REF/ALT
// pair to its minimal representation (common suffix, then common prefix, keeping one base), as
// bcftools norm and vt normalize do. Positions are 1-based.

/** <DEL>, <*>, <NON_REF>, breakends (`G]17:198982]`, `.A`, `G.`), and the spanning deletion `*`. */
export function isSymbolic(alt: string): boolean {
  const first = alt.charCodeAt(0);
  if (first === 60 /* < */ || alt === '*') return true;
  if (alt.includes('[') || alt.includes(']')) return true;
  return alt.length > 1 && (first === 46 /* . */ || alt.charCodeAt(alt.length - 1) === 46);
}

export interface TrimmedAlleles {
  readonly pos: number;
  readonly ref: string;
  readonly alt: string;
}

export function trimAlleles(pos: number, ref: string, alt: string): TrimmedAlleles {
  let end = 0; // bases trimmed from the right
  while (end < ref.length - 1 && end < alt.length - 1 && ref.charCodeAt(ref.length - 1 - end) === alt.charCodeAt(alt.length - 1 - end)) end++;
  let start = 0; // bases trimmed from the left
  while (start < ref.length - end - 1 && start < alt.length - end - 1 && ref.charCodeAt(start) === alt.charCodeAt(start)) start++;
  if (start === 0 && end === 0) return { pos, ref, alt };
  return { pos: pos + start, ref: ref.slice(start, ref.length - end), alt: alt.slice(start, alt.length - end) };
}
