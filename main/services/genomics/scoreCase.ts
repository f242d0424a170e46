// Scoring a case's variants with the imported variant-scoring model (issue 15, item 5), run by the
// vcf-score job in a child process (onnxruntime is native code: a crash ends the job, not the app).
// Per attached VCF: the newest variant-scoring model and the build's gene and reference packs (each
// hash-verified); the stored alleles are read and scored a page at a time (scoreVariants batches them
// through one session); the scores are stored only when the file is done, so a cancelled run leaves
// the previous ones whole. Where no score can be given, the run records why.
import type { FileScoreSummary, KnowledgePack, VcfFileRecord, VcfScoreResult } from '../../../preload/api.ts';
import type { VerifiedModel } from '../../ai/registry/store.ts';
import { readGenePack, type GeneIndex } from '../../genomics/genes/index.ts';
import { IndexedFasta } from '../../genomics/reference/index.ts';
import type { JobRunContext } from '../../jobs/kind.ts';
import type { Library } from '../../library/library.ts';
import { loadModel } from '../models.ts';
import { verifiedPackFiles } from '../knowledge/packs.ts';
import { scoreVariants, type ScoringContext } from '../scoreVariants.ts';

export interface VcfScoreInput {
  caseId: string;
  /** Only this file (else every VCF of the case). */
  fileId?: number;
}

const PAGE = 10_000;

const newestPack = (library: Library, kind: KnowledgePack['kind'], build: string): KnowledgePack | null =>
  library.knowledgePacks.list().filter((p) => p.kind === kind && p.build === build).at(-1) ?? null;

/** The newest imported variant-scoring model, hash-verified; null when none is imported. */
function newestModel(library: Library): VerifiedModel | null {
  const record = library.models.list().filter((r) => r.task === 'variant-scoring').at(-1);
  return record ? loadModel(library, record.id, record.version) : null;
}

/** What scoring this file needs, or why it cannot be scored (in words, for the CLI and the views). */
async function contextFor(library: Library, model: VerifiedModel | null, file: VcfFileRecord): Promise<ScoringContext | string> {
  // Short notes: each unscored variant of `precis variants --json` carries its file's.
  if (!model) return 'No variant-scoring model imported ("precis models import models/variant-ranker").';
  const modelBuild = model.manifest.variantScoring?.genomeBuild;
  if (modelBuild !== file.build) return `${model.manifest.id} ${model.manifest.version} scores ${modelBuild ?? 'no'} variants, not ${file.build}.`;
  const genes = newestPack(library, 'genes', file.build);
  const reference = newestPack(library, 'reference', file.build);
  if (!genes || !reference) return `No ${genes ? 'reference sequence' : 'gene annotation'} pack for ${file.build} (the model's features need it).`;
  const geneIndex: GeneIndex = await readGenePack([...(await verifiedPackFiles(library, genes)).values()][0]!);
  const fasta = IndexedFasta.open([...(await verifiedPackFiles(library, reference)).values()][0]!);
  return { model, genomeBuild: file.build, genes: geneIndex, reference: fasta };
}

export async function scoreCase(ctx: JobRunContext, input: VcfScoreInput): Promise<VcfScoreResult> {
  const caseFile = ctx.library.openCase(input.caseId);
  const files = caseFile.genomics.files().filter((f) => input.fileId === undefined || f.fileId === input.fileId);
  const total = files.reduce((n, f) => n + f.variants, 0);
  const model = newestModel(ctx.library);
  const summaries: FileScoreSummary[] = [];
  let done = 0;
  for (const file of files) {
    ctx.progress({ phase: 'loading model and packs', done, total });
    const context = await contextFor(ctx.library, model, file);
    const scores: Array<readonly [number, number]> = [];
    if (typeof context !== 'string') {
      let after = 0;
      for (;;) {
        if (ctx.signal.aborted) return { caseId: input.caseId, files: summaries, cancelled: true };
        const page = caseFile.genomics.alleles(file.fileId, after, PAGE);
        if (page.length === 0) break;
        const results = await scoreVariants(page.map(([, chrom, pos, ref, alt]) => ({ chrom, pos, ref, alt })), context);
        results.forEach((r, k) => {
          if (r.score !== null) scores.push([page[k]![0], r.score]);
        });
        done += page.length;
        ctx.progress({ phase: 'scoring', done, total });
        after = page[page.length - 1]![0];
      }
    }
    const used = typeof context === 'string' ? null : { id: context.model.manifest.id, version: context.model.manifest.version, sha256: context.model.record.sha256 };
    const summary: FileScoreSummary = { fileId: file.fileId, build: file.build, variants: file.variants, scored: scores.length, model: used, note: typeof context === 'string' ? context : null };
    caseFile.variantScores.recordRun({ fileId: file.fileId, model: used, note: summary.note, scoredBy: ctx.actor, scoredAt: new Date().toISOString(), variants: file.variants, scored: scores.length }, scores);
    summaries.push(summary);
  }
  return { caseId: input.caseId, files: summaries, cancelled: false };
}
