// One variant as `precis variants --json` prints it (issue 15, item 7). Annotation fields (gene,
// ClinVar, tier, score) are null until the annotation and scoring steps fill them: they extend this
// one function, so the CLI, its tests and any export print the same shape.
import type { VariantRecord } from '../../../preload/api.ts';

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
}

export function variantJson(variant: VariantRecord): VariantJson {
  return {
    chrom: variant.chrom,
    pos: variant.pos,
    ref: variant.ref,
    alt: variant.alt,
    gene: null,
    genotype: variant.genotype,
    vaf: variant.vaf,
    clinvar: null,
    tier: null,
    score: null,
  };
}
