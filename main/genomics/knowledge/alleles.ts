// Allele keys for matching a patient's variant against knowledge: chromosome names without `chr`
// (`chr17` and `17` are one), alleles trimmed to their minimal form so that a variant written
// non-minimally or split from a multi-allelic record finds the same record. Positions are 1-based.

const seenChroms = new Map<string, string>();

/** '17' for 'chr17' and '17'; 'MT' for 'chrM', 'M' and 'MT'. Remembered: a file names few chromosomes. */
export function normaliseChrom(chrom: string): string {
  let named = seenChroms.get(chrom);
  if (named === undefined) {
    named = bareChrom(chrom);
    if (seenChroms.size < 10_000) seenChroms.set(chrom, named);
  }
  return named;
}

function bareChrom(chrom: string): string {
  const bare = /^chr/i.test(chrom) ? chrom.slice(3) : chrom;
  return bare === 'M' || bare === 'm' ? 'MT' : bare.toUpperCase() === 'MT' ? 'MT' : bare;
}

export interface Allele { pos: number; ref: string; alt: string }

/** VCF's minimal form: common trailing, then leading bases removed, keeping one base on each side
 *  (the anchor of an indel), as `bcftools norm` writes it. */
export function minimalAllele(pos: number, ref: string, alt: string): Allele {
  let r = ref.toUpperCase();
  let a = alt.toUpperCase();
  while (r.length > 1 && a.length > 1 && r.at(-1) === a.at(-1)) {
    r = r.slice(0, -1);
    a = a.slice(0, -1);
  }
  let p = pos;
  while (r.length > 1 && a.length > 1 && r[0] === a[0]) {
    r = r.slice(1);
    a = a.slice(1);
    p += 1;
  }
  return { pos: p, ref: r, alt: a };
}

/** Without the anchor base: a deletion's ref holds only the deleted bases and its alt is empty, as
 *  CIViC writes its coordinates. */
export function bareAllele(pos: number, ref: string, alt: string): Allele {
  const m = minimalAllele(pos, ref, alt);
  if (m.ref.length !== m.alt.length && m.ref[0] === m.alt[0]) return { pos: m.pos + 1, ref: m.ref.slice(1), alt: m.alt.slice(1) };
  return m;
}

/** The key a knowledge index is looked up by: 'chrom:pos:ref:alt' of the minimal allele. */
export function alleleKey(chrom: string, pos: number, ref: string, alt: string): string {
  // SNVs (most of any call set) are minimal as written.
  if (ref.length === 1 && alt.length === 1) return `${normaliseChrom(chrom)}:${pos}:${ref.toUpperCase()}:${alt.toUpperCase()}`;
  const m = minimalAllele(pos, ref, alt);
  return `${normaliseChrom(chrom)}:${m.pos}:${m.ref}:${m.alt}`;
}

/** An ALT that names no sequence: symbolic (<DEL>), a breakend, the spanning deletion '*', or missing. */
export function isSequenceAllele(alt: string): boolean {
  return /^[ACGTNacgtn]+$/.test(alt);
}
