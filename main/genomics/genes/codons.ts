// The standard genetic code and amino-acid names (HGVS writes three-letter codes: p.Arg175His).

const BASES = 'TCAG';
// Amino acids of the 64 codons in TCAG order (TTT, TTC, TTA, TTG, TCT, ...); '*' is a stop.
const TABLE = 'FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG';

const THREE: Record<string, string> = {
  A: 'Ala', R: 'Arg', N: 'Asn', D: 'Asp', C: 'Cys', Q: 'Gln', E: 'Glu', G: 'Gly', H: 'His', I: 'Ile',
  L: 'Leu', K: 'Lys', M: 'Met', F: 'Phe', P: 'Pro', S: 'Ser', T: 'Thr', W: 'Trp', Y: 'Tyr', V: 'Val', '*': 'Ter',
};

/** One-letter amino acid of a codon; 'X' when it holds a base other than ACGT. */
export function translateCodon(codon: string): string {
  if (codon.length !== 3) return 'X';
  let index = 0;
  for (const base of codon) {
    const b = BASES.indexOf(base);
    if (b < 0) return 'X';
    index = index * 4 + b;
  }
  return TABLE[index] as string;
}

/** The protein of a coding sequence read from its first base (a trailing partial codon is dropped). */
export function translate(cds: string): string {
  let out = '';
  for (let i = 0; i + 3 <= cds.length; i += 3) out += translateCodon(cds.slice(i, i + 3));
  return out;
}

/** The protein read from `offset` up to and including the first stop, or to the end of the sequence. */
export function translateToStop(cds: string, offset: number): string {
  let out = '';
  for (let i = offset; i + 3 <= cds.length; i += 3) {
    const aa = translateCodon(cds.slice(i, i + 3));
    out += aa;
    if (aa === '*') break;
  }
  return out;
}

export const threeLetter = (aa: string): string => THREE[aa] ?? 'Xaa';

const COMPLEMENT: Record<string, string> = { A: 'T', C: 'G', G: 'C', T: 'A', N: 'N' };

export function reverseComplement(bases: string): string {
  let out = '';
  for (let i = bases.length - 1; i >= 0; i--) out += COMPLEMENT[bases[i] as string] ?? 'N';
  return out;
}
