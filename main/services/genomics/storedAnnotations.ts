// What `precis vcf annotate` (knowledge.annotate) stored for a case's variants, laid over the rows
// computed on read: where a file has an annotation run, its ClinVar call, CIViC evidence and tier, and
// any clinician's override beside the automatic call, are the ones shown. Read on each call (overrides
// change between reads); a file never annotated keeps the on-read annotation from the installed packs.
import type { CivicEvidence, VariantRow } from '../../../preload/api.ts';
import type { Library } from '../../library/library.ts';
import type { AnnotatedCase } from './annotatedVariants.ts';

export interface CurrentRows {
  rows: VariantRow[];
  civic: Map<number, CivicEvidence[]>;
  /** The pack ids of each annotated file's latest run. */
  runPacks: Map<number, string[]>;
}

export function currentRows(library: Library, caseId: string, annotated: AnnotatedCase): CurrentRows {
  const repository = library.openCase(caseId).variantAnnotations;
  const runPacks = new Map<number, string[]>();
  for (const file of annotated.files) {
    const run = repository.latestRun(file.fileId);
    if (run) runPacks.set(file.fileId, run.packs);
  }
  const civic = new Map(annotated.variants.map((v) => [v.row.variantId, v.civic]));
  const variants = annotated.variants.map((v) => v.row);
  if (variants.length === 0) return { rows: [], civic, runPacks };
  const stored = repository.between(variants[0]!.variantId, variants.at(-1)!.variantId, variants);
  const rows = variants.map((row) => {
    const s = stored.get(row.variantId);
    if (!s) return { ...row, override: repository.override(row.variantId) };
    civic.set(row.variantId, s.civic);
    return { ...row, clinvar: s.clinvar, call: s.call, override: s.override };
  });
  return { rows, civic, runPacks };
}
