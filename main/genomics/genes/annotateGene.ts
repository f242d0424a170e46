// Gene, region and consequence of a variant on the canonical transcript of the gene it falls in
// (issue 15, item 3), from a gene pack (GeneIndex) and the reference sequence for codon changes.
import { codingChange, type CodingChange } from './codingChange.ts';
import { reverseComplement } from './codons.ts';
import { isSequenceAllele, minimalChange, mostSevere, severity, type Consequence, type MinimalChange, type Region } from './consequence.ts';
import type { GeneIndex } from './geneIndex.ts';
import { TranscriptMap } from './transcriptMap.ts';
import type { Gene, ReferenceSequence, Span, VariantAllele } from './types.ts';

/** How far before/after a transcript a variant is still 'upstream'/'downstream' of it (VEP's default). */
export const FLANK_BP = 5000;

export interface GeneAnnotation {
  /** HGNC symbol; null for an intergenic variant. */
  gene: string | null;
  geneId: string | null;
  transcript: string | null;
  region: Region;
  consequence: Consequence;
  /** On the transcript: c. (coding) or n. (non-coding); substitutions only (indels would need HGVS's 3' shift). */
  hgvsc?: string;
  hgvsp?: string;
  /** 1-based exon (or intron) number in transcript order, and the transcript's exon count. */
  exon?: number;
  intron?: number;
  exonCount?: number;
  /** Position along the spliced transcript (exonic) or the transcript's genome span (intronic), 0 at 5', 1 at 3'. */
  transcriptFraction?: number;
  /** Fraction of the CDS before the change (0..1), for a coding change. */
  cdsFraction?: number;
  /** bp to the nearest exon-intron boundary; null for a one-exon transcript. */
  spliceDistance?: number | null;
  coding?: CodingChange;
}

const touches = (c: MinimalChange, s: Span): boolean =>
  c.ref.length === 0 ? c.start - 1 >= s.start && c.start <= s.end : c.start <= s.end && c.end >= s.start;
/** Either flank of an insertion, or any base of another change, within the span. */
const near = (c: MinimalChange, s: Span): boolean => (c.ref.length === 0 ? c.start - 1 <= s.end && c.start >= s.start : touches(c, s));

function spliceConsequences(map: TranscriptMap, c: MinimalChange): Consequence[] {
  const out: Consequence[] = [];
  for (const intron of map.introns) {
    if (touches(c, intron.donor)) out.push('splice_donor');
    if (touches(c, intron.acceptor)) out.push('splice_acceptor');
    const { start, end } = intron.span;
    // Splice region: intron bases 3-8 from either end, exon bases 1-3 next to the intron.
    const regions = [{ start: start + 2, end: Math.min(end, start + 7) }, { start: Math.max(start, end - 7), end: end - 2 }, { start: start - 3, end: start - 1 }, { start: end + 1, end: end + 3 }];
    if (regions.some((r) => r.start <= r.end && near(c, r))) out.push('splice_region');
  }
  return out;
}

/** Consequence on an exonic change outside the CDS, or on a non-coding transcript. */
function untranslated(map: TranscriptMap, pos: number): { region: Region; consequence: Consequence } {
  const cdna = map.cdnaOffset(pos) as number;
  if (map.cdsFirst === null) return { region: 'exon', consequence: 'non_coding_exon' };
  return cdna < map.cdsFirst ? { region: "5'UTR", consequence: '5_prime_UTR' } : { region: "3'UTR", consequence: '3_prime_UTR' };
}

function hgvsc(map: TranscriptMap, change: MinimalChange): string | undefined {
  if (change.ref.length !== 1 || change.alt.length !== 1) return undefined;
  const position = map.hgvsPosition(change.start);
  if (position === null) return undefined;
  const [ref, alt] = map.minus ? [reverseComplement(change.ref), reverseComplement(change.alt)] : [change.ref, change.alt];
  return `${map.cdsFirst === null ? 'n' : 'c'}.${position}${ref}>${alt}`;
}

const maps = new WeakMap<Gene['canonical'], TranscriptMap>();

function mapOf(gene: Gene): TranscriptMap {
  let map = maps.get(gene.canonical);
  if (!map) maps.set(gene.canonical, (map = new TranscriptMap(gene.canonical)));
  return map;
}

/** `positionOnly`: a symbolic allele, placed at its POS base with no codon change or HGVS. */
function onTranscript(gene: Gene, change: MinimalChange, reference: ReferenceSequence, positionOnly: boolean): GeneAnnotation {
  const map = mapOf(gene);
  const pos = change.ref.length === 0 ? change.start - 1 : change.start;
  const base = { gene: gene.name, geneId: gene.id, transcript: gene.canonical.id, exonCount: map.exons.length, spliceDistance: map.spliceDistance(pos) };
  const exonIndex = map.exons.findIndex((e) => touches(change, e));
  const consequences = spliceConsequences(map, change);
  let region: Region = 'intron';
  let coding: CodingChange | null = null;
  if (exonIndex >= 0) {
    const exonicPos = map.exonAt(pos) >= 0 ? pos : (map.exons[exonIndex] as Span).start;
    const inCds = gene.canonical.cds.some((s) => touches(change, s));
    coding = inCds && !positionOnly ? codingChange(map, gene.chrom, change, reference) : null;
    const other = inCds ? { region: 'exon' as Region, consequence: 'coding_sequence' as Consequence } : untranslated(map, exonicPos);
    consequences.push(coding?.consequence ?? other.consequence);
    region = other.region;
  } else consequences.push('intron');
  const consequence = mostSevere(consequences);
  if (consequence === 'splice_donor' || consequence === 'splice_acceptor') region = 'splice';
  const cdna = map.cdnaOffset(pos);
  const fraction = cdna !== null ? cdna / Math.max(1, map.exonicLength - 1) : (map.minus ? gene.canonical.end - pos : pos - gene.canonical.start) / Math.max(1, gene.canonical.end - gene.canonical.start);
  const cdsIndex = map.cdsIndex(pos);
  const exonOrIntron = exonIndex >= 0 ? { exon: exonIndex + 1 } : { intron: map.intronAt(pos)?.number };
  const hgvs = positionOnly ? undefined : hgvsc(map, change);
  return {
    ...base, region, consequence, ...exonOrIntron, transcriptFraction: fraction,
    ...(cdsIndex >= 0 ? { cdsFraction: cdsIndex / Math.max(1, map.cdsLength - 1) } : {}),
    ...(hgvs ? { hgvsc: hgvs } : {}), ...(coding?.hgvsp ? { hgvsp: coding.hgvsp } : {}), ...(coding ? { coding } : {}),
  };
}

function flanking(gene: Gene, change: MinimalChange): GeneAnnotation {
  const t = gene.canonical;
  const before = change.end < t.start;
  const upstream = t.strand === '+' ? before : !before;
  const kind = upstream ? 'upstream' : 'downstream';
  return { gene: gene.name, geneId: gene.id, transcript: t.id, region: kind, consequence: kind };
}

const inside = (gene: Gene, c: MinimalChange): boolean => c.start <= gene.canonical.end && Math.max(c.end, c.start - 1) >= gene.canonical.start;

/**
 * The gene, region and consequence of one ALT allele on the canonical transcript of the gene it falls in;
 * among several genes: one whose transcript holds it, protein-coding, the most severe consequence, then
 * MANE Select. Null when the pack does not cover the chromosome (no gene annotation for it, which is not
 * the same as 'intergenic'). A symbolic allele (<DEL>, a breakend) gets the gene and region of its POS only.
 */
export function annotateGene(variant: VariantAllele, genes: GeneIndex, reference: ReferenceSequence): GeneAnnotation | null {
  if (!genes.covers(variant.chrom)) return null;
  const positionOnly = !isSequenceAllele(variant.ref, variant.alt);
  const change = positionOnly ? { start: variant.pos, end: variant.pos, ref: 'N', alt: 'N' } : minimalChange(variant.pos, variant.ref, variant.alt);
  const from = Math.min(change.start, change.end);
  const candidates = genes.overlapping(variant.chrom, from - FLANK_BP, Math.max(change.start, change.end) + FLANK_BP)
    .filter((g) => g.canonical.start - FLANK_BP <= Math.max(change.start, change.end) && g.canonical.end + FLANK_BP >= from);
  if (candidates.length === 0) return { gene: null, geneId: null, transcript: null, region: 'intergenic', consequence: 'intergenic' };
  const scored = candidates.map((gene) => {
    const holds = inside(gene, change);
    return { gene, holds, annotation: holds ? onTranscript(gene, change, reference, positionOnly) : flanking(gene, change) };
  });
  scored.sort((a, b) => Number(b.holds) - Number(a.holds)
    || Number(b.gene.biotype === 'protein_coding') - Number(a.gene.biotype === 'protein_coding')
    || severity(a.annotation.consequence) - severity(b.annotation.consequence)
    || Number(b.gene.canonical.tags.includes('MANE_Select')) - Number(a.gene.canonical.tags.includes('MANE_Select'))
    || a.gene.start - b.gene.start);
  return (scored[0] as (typeof scored)[number]).annotation;
}
