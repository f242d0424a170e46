// Annotating a case's variants (issue 15, items 3-4), run by the vcf-annotate job off the UI thread:
// per attached VCF, the knowledge of its build is loaded (packs verified; another build's refused),
// then the stored variants are read page by page, annotated and stored with the run's pack versions,
// with progress and cancel between pages. Gene and region come from the build's gene annotation pack
// (variant-model's gene model); without one they stay null and the run says why.
import type { FileAnnotationSummary, KnowledgePack, VcfAnnotateResult } from '../../../preload/api.ts';
import { annotateGene } from '../../genomics/genes/index.ts';
import { annotateAllele, defaultCall, isUnannotated } from '../../genomics/knowledge/annotate.ts';
import type { JobRunContext } from '../../jobs/kind.ts';
import type { StoredAnnotation } from '../../library/repositories/variantAnnotations.ts';
import { loadKnowledge, type LoadedKnowledge } from './load.ts';

export interface VcfAnnotateInput {
  caseId: string;
  /** Only this file (else every VCF of the case). */
  fileId?: number;
  /** Use these packs (else the newest of each kind); one of another build is refused. */
  packIds?: string[];
}

const PAGE = 20_000;

function geneNoteFor(knowledge: LoadedKnowledge, build: string): string | null {
  if (knowledge.genes) return null;
  return `No gene annotation pack for ${build}: gene and region are not shown (import a ${build} GTF with "precis knowledge import").`;
}

const packSummary = (p: KnowledgePack): FileAnnotationSummary['packs'][number] => ({ id: p.id, kind: p.kind, source: p.source, releaseDate: p.releaseDate, build: p.build });

export async function annotateCase(ctx: JobRunContext, input: VcfAnnotateInput): Promise<VcfAnnotateResult> {
  const caseFile = ctx.library.openCase(input.caseId);
  const files = caseFile.genomics.files().filter((f) => input.fileId === undefined || f.fileId === input.fileId);
  const total = files.reduce((n, f) => n + f.variants, 0);
  const summaries: FileAnnotationSummary[] = [];
  let done = 0;
  for (const file of files) {
    ctx.progress({ phase: 'loading knowledge', done, total });
    const knowledge = await loadKnowledge(ctx.library, file.build, input.packIds ?? [], ctx.signal);
    const geneNote = geneNoteFor(knowledge, file.build);
    const test = { testType: file.testType, tumourType: file.tumourType };
    const run = { fileId: file.fileId, packs: knowledge.packs.map((p) => p.id), refused: knowledge.refused, geneNote, tumourType: file.tumourType, defaultCall: defaultCall(test), annotatedBy: ctx.actor, annotatedAt: new Date().toISOString() };
    const summary: FileAnnotationSummary = { fileId: file.fileId, build: file.build, testType: file.testType, tumourType: file.tumourType, variants: 0, clinvarMatches: 0, civicMatches: 0, calls: {}, packs: knowledge.packs.map(packSummary), refused: knowledge.refused, geneNote };
    summaries.push(summary);
    // Rows only for variants something is known about (few, kept until the file is done): the others
    // get the run's default call. A cancelled file writes nothing; the one before stays whole.
    const rows: StoredAnnotation[] = [];
    const unknown = { clinvar: null, civic: [], call: run.defaultCall };
    let after = 0;
    for (;;) {
      if (ctx.signal.aborted) return { caseId: input.caseId, files: summaries, cancelled: true };
      const page = caseFile.genomics.alleles(file.fileId, after, PAGE);
      if (page.length === 0) break;
      for (const [variantId, chrom, pos, ref, alt, symbolic] of page) {
        const a = symbolic ? unknown : annotateAllele(knowledge, test, chrom, pos, ref, alt, unknown);
        if (a.clinvar) summary.clinvarMatches += 1;
        if (a.civic.length > 0) summary.civicMatches += 1;
        summary.calls[a.call.tier] = (summary.calls[a.call.tier] ?? 0) + 1;
        // Null where the pack does not cover the chromosome (not the same as intergenic).
        const gene = knowledge.genes ? annotateGene({ chrom, pos, ref, alt }, knowledge.genes, knowledge.reference) : null;
        if (isUnannotated(a) && !gene) continue;
        rows.push({ variantId: String(variantId), clinvar: a.clinvar, civic: a.civic, gene: gene?.gene ?? null, region: gene?.region ?? null, call: a.call });
      }
      summary.variants += page.length;
      done += page.length;
      ctx.progress({ phase: 'annotating', done, total });
      after = page[page.length - 1]![0];
    }
    caseFile.variantAnnotations.recordRun(run, summary.variants, rows);
  }
  caseFile.audit('vcf.annotate', ctx.actor, { files: summaries.map((s) => ({ fileId: s.fileId, variants: s.variants, packs: s.packs.map((p) => p.id), refused: s.refused.map((r) => r.packId) })) });
  return { caseId: input.caseId, files: summaries, cancelled: false };
}
