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
  score: number | null;
  /** The id `precis variants override --variant` takes. */
  variantId: number;
  /** Why the automatic tier or class: the rule that fired. */
  rule: string | null;
  /** A clinician's tier or class, beside the automatic `tier`. */
  override: { tier: string; rationale: string; by: string; at: string } | null;
  /** CIViC evidence for the allele (drug, disease, level, direction, source). */
  civic: Array<{ evidenceId: string; disease: string; drugs: string[]; level: string; direction: string; evidenceType: string; clinicalSignificance: string; source: string }>;
}

export function variantJson(variant: VariantRecord, annotation: VariantAnnotation | null = null): VariantJson {
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
    score: null,
    variantId: variant.variantId,
    rule: annotation?.call.rule ?? null,
    override: annotation?.override ?? null,
    civic: (annotation?.civic ?? []).map(({ evidenceId, disease, drugs, level, direction, evidenceType, clinicalSignificance, source }) => ({ evidenceId, disease, drugs, level, direction, evidenceType, clinicalSignificance, source })),
  };
}
