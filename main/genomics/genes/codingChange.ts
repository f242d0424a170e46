// What a change inside the coding sequence does to the protein, from the reference bases of the
// transcript's CDS (transcript orientation) and the strand: missense, synonymous, stop gained/lost,
// start lost, frameshift, in-frame insertion/deletion, with the HGVS protein change where it is simple.
import { reverseComplement, threeLetter, translate, translateToStop } from './codons.ts';
import type { Consequence, MinimalChange } from './consequence.ts';
import type { TranscriptMap } from './transcriptMap.ts';
import type { ReferenceSequence, Span } from './types.ts';

export interface CodingChange {
  consequence: Consequence;
  /** 1-based codon number of the first changed amino acid. */
  proteinPosition: number;
  refAminoAcid?: string;
  altAminoAcid?: string;
  hgvsp?: string;
}

interface CodingReference { cds: string; protein: string }

/** Per reference source, per transcript: its CDS bases and protein, read once (a VCF hits the same genes again and again). */
const cache = new WeakMap<ReferenceSequence, WeakMap<TranscriptMap['transcript'], CodingReference | null>>();

/** The CDS bases 5' to 3' (stop codon included) and their translation, or null where the reference lacks them. */
export function codingReference(map: TranscriptMap, chrom: string, reference: ReferenceSequence): CodingReference | null {
  let byTranscript = cache.get(reference);
  if (!byTranscript) cache.set(reference, (byTranscript = new WeakMap()));
  const known = byTranscript.get(map.transcript);
  if (known !== undefined) return known;
  const parts = map.transcript.cds.map((s: Span) => reference.fetch(chrom, s.start, s.end));
  const forward = parts.some((p) => p === null) ? null : parts.join('');
  const cds = forward === null ? null : map.minus ? reverseComplement(forward) : forward;
  const entry = cds === null ? null : { cds, protein: translate(cds) };
  byTranscript.set(map.transcript, entry);
  return entry;
}

/** The CDS with the change applied, or null if the change is not wholly inside the CDS. */
function mutated(map: TranscriptMap, cds: string, change: MinimalChange): { seq: string; first: number } | null {
  const altTx = map.minus ? reverseComplement(change.alt) : change.alt;
  if (change.ref.length === 0) {
    // The insertion's flanks must be adjacent coding bases; `at` is the CDS index of the base after it (5' to 3').
    const left = map.cdsIndex(change.start - 1);
    const right = map.cdsIndex(change.start);
    if (left < 0 || right < 0 || Math.abs(left - right) !== 1) return null;
    const at = Math.max(left, right);
    return { seq: cds.slice(0, at) + altTx + cds.slice(at), first: at };
  }
  const a = map.cdsIndex(change.start);
  const b = map.cdsIndex(change.end);
  if (a < 0 || b < 0 || Math.abs(a - b) !== change.end - change.start) return null;
  const lo = Math.min(a, b);
  return { seq: cds.slice(0, lo) + altTx + cds.slice(Math.max(a, b) + 1), first: lo };
}

/**
 * The protein of the changed CDS: the reference's up to the changed codon, then a translation of the
 * changed codons (same-length change) or of the rest up to the first stop (indel), not the whole CDS
 * again for each variant.
 */
function changedProtein(refProtein: string, seq: string, first: number, change: MinimalChange): string {
  const codon = Math.floor(first / 3);
  const head = refProtein.slice(0, codon);
  if (change.ref.length !== change.alt.length) return head + translateToStop(seq, codon * 3);
  const last = Math.floor((first + change.alt.length - 1) / 3);
  return head + translate(seq.slice(codon * 3, (last + 1) * 3)) + refProtein.slice(last + 1);
}

/** The first amino acid that differs (0-based), or -1. */
function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

function substitution(refProtein: string, altProtein: string, first: number): CodingChange {
  const changed = firstDifference(refProtein, altProtein);
  // A synonymous change names the codon it falls in.
  const i = changed < 0 ? Math.floor(first / 3) : changed;
  const ref = refProtein[i] ?? 'X';
  const alt = altProtein[i] ?? 'X';
  const position = i + 1;
  const name = `${threeLetter(ref)}${position}`;
  if (changed < 0) return { consequence: 'synonymous', proteinPosition: position, refAminoAcid: ref, altAminoAcid: ref, hgvsp: `p.${name}=` };
  if (i === 0 && ref === 'M') return { consequence: 'start_lost', proteinPosition: 1, refAminoAcid: ref, altAminoAcid: alt, hgvsp: 'p.Met1?' };
  if (ref === '*') return { consequence: 'stop_lost', proteinPosition: position, refAminoAcid: ref, altAminoAcid: alt };
  if (alt === '*') return { consequence: 'stop_gained', proteinPosition: position, refAminoAcid: ref, altAminoAcid: alt, hgvsp: `p.${name}Ter` };
  const several = firstDifference(refProtein.slice(i + 1), altProtein.slice(i + 1)) >= 0;
  return { consequence: 'missense', proteinPosition: position, refAminoAcid: ref, altAminoAcid: alt, ...(several ? {} : { hgvsp: `p.${name}${threeLetter(alt)}` }) };
}

function lengthChange(refProtein: string, altProtein: string, change: MinimalChange, first: number): CodingChange {
  const diff = change.alt.length - change.ref.length;
  const i = firstDifference(refProtein, altProtein);
  const position = (i < 0 ? Math.floor(first / 3) : i) + 1;
  const ref = refProtein[position - 1] ?? 'X';
  if (diff % 3 !== 0) {
    return { consequence: 'frameshift', proteinPosition: position, refAminoAcid: ref, ...(ref === '*' ? {} : { hgvsp: `p.${threeLetter(ref)}${position}fs` }) };
  }
  if (first < 3 && !altProtein.startsWith('M')) return { consequence: 'start_lost', proteinPosition: 1, refAminoAcid: 'M', hgvsp: 'p.Met1?' };
  const refStop = refProtein.indexOf('*');
  const altStop = altProtein.indexOf('*');
  if (altStop >= 0 && altStop < refStop + diff / 3) return { consequence: 'stop_gained', proteinPosition: altStop + 1, refAminoAcid: refProtein[altStop] ?? 'X', altAminoAcid: '*' };
  if (altStop < 0) return { consequence: 'stop_lost', proteinPosition: refStop + 1, refAminoAcid: '*' };
  return { consequence: diff > 0 ? 'inframe_insertion' : 'inframe_deletion', proteinPosition: position, refAminoAcid: ref };
}

/** The protein consequence of a change inside the CDS, or null when the change leaves the CDS or the reference lacks it. */
export function codingChange(map: TranscriptMap, chrom: string, change: MinimalChange, reference: ReferenceSequence): CodingChange | null {
  const known = codingReference(map, chrom, reference);
  if (known === null) return null;
  const altCds = mutated(map, known.cds, change);
  if (altCds === null) return null;
  const refProtein = known.protein;
  const altProtein = changedProtein(refProtein, altCds.seq, altCds.first, change);
  if (change.ref.length === change.alt.length) return substitution(refProtein, altProtein, altCds.first);
  return lengthChange(refProtein, altProtein, change, altCds.first);
}
