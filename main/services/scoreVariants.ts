// Scores variants with a hash-verified variant-scoring model (issue 15, item 5) in one onnxruntime
// session: the features of each allele (main/genomics/scoring), one batch, one score in 0..1 each. The
// score ranks variants for review; it is not a classification (a clinician's call or ClinVar's is).
// Loads the native runtime: call it from the annotate job's worker, never the main or renderer thread.
import { AppError } from '../errors.ts';
import type { VerifiedModel } from '../ai/registry/store.ts';
import { ort, sessionFor } from '../ai/runtime/session.ts';
import { annotateGene, isSequenceAllele, type GeneAnnotation, type GeneIndex, type ReferenceSequence, type VariantAllele } from '../genomics/genes/index.ts';
import { FEATURE_NAMES, variantFeatures } from '../genomics/scoring/index.ts';

export interface ScoringContext {
  /** A model from loadModel (main/services/models.ts): its files were checked against the library's hashes. */
  model: VerifiedModel;
  /** The genome build of the variants; must be the model's. */
  genomeBuild: string;
  /** The installed gene pack for that build, or null (no gene features: only the variant's own). */
  genes: GeneIndex | null;
  reference: ReferenceSequence;
}

export interface VariantScore {
  /** 0..1, higher = review first. A ranking aid, never a classification. Null for a symbolic allele (<DEL>, a breakend): not scored. */
  score: number | null;
  annotation: GeneAnnotation | null;
}

/** Refuses a model that is not a variant scorer over exactly this app's features and build. */
function checkModel(model: VerifiedModel, genomeBuild: string): void {
  const { manifest } = model;
  const spec = manifest.variantScoring;
  if (manifest.task !== 'variant-scoring' || !spec) throw new AppError('model-no-pipeline', `${manifest.id} is a ${manifest.task} model, not a variant-scoring one.`);
  if (spec.features.join(',') !== FEATURE_NAMES.join(',')) {
    throw new AppError('model-no-pipeline', `${manifest.id} ${manifest.version} was built on other variant features than this version of Precis computes; import a variant-scoring model built for it.`);
  }
  if (spec.genomeBuild !== genomeBuild) throw new AppError('invalid-argument', `${manifest.id} scores ${spec.genomeBuild} variants; these are ${genomeBuild}.`);
}

export async function scoreVariants(variants: readonly VariantAllele[], context: ScoringContext): Promise<VariantScore[]> {
  checkModel(context.model, context.genomeBuild);
  const scorable = variants.filter((v) => isSequenceAllele(v.ref, v.alt));
  const scores = await runModel(scorable, context);
  let next = 0;
  return variants.map((variant) => {
    if (!isSequenceAllele(variant.ref, variant.alt)) return { score: null, annotation: context.genes ? annotateGene(variant, context.genes, context.reference) : null };
    return scores[next++] as VariantScore;
  });
}

/** Rows per onnxruntime run: a whole-exome VCF is scored in bounded memory (10,000 x 43 float32 = 1.7 MB). */
const BATCH_ROWS = 10_000;

async function runModel(variants: readonly VariantAllele[], context: ScoringContext): Promise<VariantScore[]> {
  const out: VariantScore[] = [];
  if (variants.length === 0) return out;
  const { inputs, outputs } = context.model.manifest;
  // One thread: the same scores on every machine, and a few thousand rows take milliseconds anyway.
  const session = await sessionFor(context.model, { intraOpNumThreads: 1 });
  const width = FEATURE_NAMES.length;
  for (let from = 0; from < variants.length; from += BATCH_ROWS) {
    const chunk = variants.slice(from, from + BATCH_ROWS);
    const batch = new Float32Array(chunk.length * width);
    const annotations = chunk.map((variant, k) => {
      const { features, annotation } = variantFeatures(variant, context.genes, context.reference);
      batch.set(features, k * width);
      return annotation;
    });
    const result = await session.run({ [(inputs[0] as { name: string }).name]: new ort.Tensor('float32', batch, [chunk.length, width]) });
    const scores = result[(outputs[0] as { name: string }).name]?.data as Float32Array;
    annotations.forEach((annotation, k) => out.push({ score: scores[k] as number, annotation }));
  }
  return out;
}
