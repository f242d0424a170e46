// The variant scoring model's features (issue 15, item 5): the single source of truth for both the
// model's build (models/variant-ranker/build/) and the app. Every feature is computed from the variant
// itself, the installed gene pack and the reference sequence, never from a knowledge base's record of
// the variant (no ClinVar significance, consequence or gene fields), so any patient variant can be
// scored. The column order is the model's input; manifest.json lists it and a model built for another
// list is refused.
import { annotateGene, CONSEQUENCES, minimalChange, variantClass, type GeneAnnotation, type GeneIndex, type MinimalChange, type ReferenceSequence, type VariantAllele } from '../genes/index.ts';
import { blosum62 } from './blosum62.ts';

const CLASSES = ['SNV', 'insertion', 'deletion', 'delins'] as const;
/** Bases either side of the variant whose G+C fraction is a feature. */
const GC_FLANK = 10;

export const FEATURE_NAMES = [
  ...CLASSES.map((c) => `class_${c}`),
  'ref_length_log', 'alt_length_log', 'indel_in_frame', 'indel_in_repeat', 'transition', 'transversion',
  'reference_covers', 'cpg', 'gc_fraction',
  'gene_pack_covers', 'in_gene',
  ...CONSEQUENCES.map((c) => `consequence_${c}`),
  'transcript_fraction', 'in_cds', 'cds_fraction', 'exon_fraction', 'last_exon', 'splice_distance_log',
  'blosum62', 'to_proline_or_glycine', 'from_cysteine_or_glycine',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/** The consequence-only columns: the baseline the model is validated against. */
export const CONSEQUENCE_FEATURES: readonly FeatureName[] = FEATURE_NAMES.filter((n) => n.startsWith('consequence_'));

const PURINES = new Set(['A', 'G']);

function referenceContext(change: MinimalChange, chrom: string, reference: ReferenceSequence): Partial<Record<FeatureName, number>> {
  const left = change.ref.length === 0 ? change.start - 1 : change.start;
  const right = change.ref.length === 0 ? change.start : change.end;
  const window = reference.fetch(chrom, left - GC_FLANK, right + GC_FLANK);
  if (window === null || window.length === 0) return { reference_covers: 0, gc_fraction: 0.5 };
  const gc = [...window].filter((b) => b === 'G' || b === 'C').length / window.length;
  const before = window[GC_FLANK - 1];
  const after = window[window.length - GC_FLANK];
  // CpG: C followed by G on the forward strand, the commonest site of germline and somatic transitions.
  const cpg = change.ref.length === 1 && ((change.ref === 'C' && after === 'G') || (change.ref === 'G' && before === 'C'));
  // A deleted or inserted unit that the following bases repeat (a tandem repeat: polymerase slippage).
  const unit = change.ref.length === 0 ? change.alt : change.alt.length === 0 ? change.ref : '';
  const next = unit === '' ? null : reference.fetch(chrom, change.ref.length === 0 ? change.start : change.end + 1, (change.ref.length === 0 ? change.start : change.end + 1) + unit.length - 1);
  return { reference_covers: 1, gc_fraction: gc, cpg: cpg ? 1 : 0, indel_in_repeat: next !== null && next === unit ? 1 : 0 };
}

function geneFeatures(annotation: GeneAnnotation | null): Partial<Record<string, number>> {
  if (annotation === null) return {};
  const out: Partial<Record<string, number>> = { gene_pack_covers: 1, [`consequence_${annotation.consequence}`]: 1 };
  if (annotation.gene === null || annotation.transcriptFraction === undefined) return out;
  const exonCount = annotation.exonCount ?? 1;
  const number = annotation.exon ?? annotation.intron ?? 1;
  const coding = annotation.coding;
  const substitution = blosum62(coding?.refAminoAcid ?? '', coding?.altAminoAcid ?? '');
  return {
    ...out, in_gene: 1, transcript_fraction: annotation.transcriptFraction,
    in_cds: annotation.cdsFraction === undefined ? 0 : 1, cds_fraction: annotation.cdsFraction ?? 0,
    exon_fraction: exonCount > 1 ? (number - 1) / (exonCount - 1) : 0,
    last_exon: annotation.exon !== undefined && annotation.exon === exonCount ? 1 : 0,
    // Capped at ~22 kb (log1p = 10): beyond that, distance says nothing more.
    splice_distance_log: Math.min(10, Math.log1p(annotation.spliceDistance ?? 22026)),
    // Scaled to about -1..1 (BLOSUM62 runs -4..11); only a missense change has one.
    blosum62: annotation.consequence === 'missense' && substitution !== null ? substitution / 4 : 0,
    to_proline_or_glycine: annotation.consequence === 'missense' && /[PG]/.test(coding?.altAminoAcid ?? '') ? 1 : 0,
    from_cysteine_or_glycine: annotation.consequence === 'missense' && /[CG]/.test(coding?.refAminoAcid ?? '') ? 1 : 0,
  };
}

/** The feature vector of one ALT allele (FEATURE_NAMES order), with the gene annotation it came from. */
export function variantFeatures(variant: VariantAllele, genes: GeneIndex | null, reference: ReferenceSequence): { features: Float32Array; annotation: GeneAnnotation | null } {
  const change = minimalChange(variant.pos, variant.ref, variant.alt);
  const kind = variantClass(change);
  const annotation = genes ? annotateGene(variant, genes, reference) : null;
  const diff = change.alt.length - change.ref.length;
  const snv = kind === 'SNV';
  const transition = snv && PURINES.has(change.ref) === PURINES.has(change.alt);
  const values: Partial<Record<string, number>> = {
    [`class_${kind}`]: 1,
    ref_length_log: Math.log1p(change.ref.length), alt_length_log: Math.log1p(change.alt.length),
    indel_in_frame: !snv && diff !== 0 && diff % 3 === 0 ? 1 : 0,
    transition: transition ? 1 : 0, transversion: snv && !transition ? 1 : 0,
    ...referenceContext(change, variant.chrom, reference),
    ...geneFeatures(annotation),
  };
  return { features: Float32Array.from(FEATURE_NAMES, (name) => values[name] ?? 0), annotation };
}
