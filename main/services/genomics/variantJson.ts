// One variant as `precis variants --json` prints it (issue 15, item 7). Annotation fields (gene,
// ClinVar, tier, score) are null until the annotation and scoring steps fill them: they extend this
// one function, so the CLI, its tests and any export print the same shape.
import type { VariantAnnotation, VariantRecord } from '../../../preload/api.ts';

export interface VariantJson {
  chrom: string;
  pos: number;
  ref: string;
  alt: string;
  gene: string | null;
  genotype: string | null;
  vaf: number | null;
  clinvar: { id: string; significance: string; reviewStatus: string } | null;
  tier: string | null;
  /** The variant-scoring model's score, 0..1 (higher: review first): a ranking aid, never a classification. */
  score: number | null;
  /** Why `score` is null (no model imported, no gene pack for the build, a symbolic allele, not scored yet); null when scored. */
  scoreNote: string | null;
  /** The id `precis variants override --variant` takes. */
  variantId: number;
  /** Why the automatic tier or class: the rule that fired. */
  rule: string | null;
  /** A clinician's tier or class, beside the automatic `tier`. */
  override: { tier: string; rationale: string; by: string; at: string } | null;
  /** CIViC evidence for the allele (drug, disease, level, direction, source). */
  civic: Array<{ evidenceId: string; disease: string; drugs: string[]; level: string; direction: string; evidenceType: string; clinicalSignificance: string; source: string }>;
}

/** A variant's score, or why it has none. */
export interface VariantScoreOf { score: number | null; note: string | null }

// Short: repeated on every unscored variant of a large file.
export const NOT_SCORED_YET = 'Not scored yet ("precis vcf annotate").';
export const SYMBOLIC_NOT_SCORED = 'A symbolic allele is not scored.';

export function variantJson(variant: VariantRecord, annotation: VariantAnnotation | null = null, scored: VariantScoreOf = { score: null, note: NOT_SCORED_YET }): VariantJson {
  return {
    chrom: variant.chrom,
    pos: variant.pos,
    ref: variant.ref,
    alt: variant.alt,
    gene: annotation?.gene ?? null,
    genotype: variant.genotype,
    vaf: variant.vaf,
    clinvar: annotation?.clinvar ? { id: annotation.clinvar.id, significance: annotation.clinvar.significance, reviewStatus: annotation.clinvar.reviewStatus } : null,
    tier: annotation?.call.tier ?? null,
    score: scored.score,
    scoreNote: scored.score === null ? scored.note : null,
    variantId: variant.variantId,
    rule: annotation?.call.rule ?? null,
    override: annotation?.override ?? null,
    civic: (annotation?.civic ?? []).map(({ evidenceId, disease, drugs, level, direction, evidenceType, clinicalSignificance, source }) => ({ evidenceId, disease, drugs, level, direction, evidenceType, clinicalSignificance, source })),
  };
}
