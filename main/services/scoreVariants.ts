// Scores variants with a hash-verified variant-scoring model (issue 15, item 5) in one onnxruntime
// session: the features of each allele (main/genomics/scoring), one batch, one score in 0..1 each. The
// score ranks variants for review; it is not a classification (a clinician's call or ClinVar's is).
// Loads the native runtime: call it from the annotate job's worker, never the main or renderer thread.
import { AppError } from '../errors.ts';
import type { VerifiedModel } from '../ai/registry/store.ts';
import { ort, sessionFor } from '../ai/runtime/session.ts';
import type { GeneAnnotation, GeneIndex, ReferenceSequence, VariantAllele } from '../genomics/genes/index.ts';
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
  /** 0..1, higher = review first. A ranking aid, never a classification. */
  score: number;
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
  if (variants.length === 0) return [];
  const width = FEATURE_NAMES.length;
  const batch = new Float32Array(variants.length * width);
  const annotations = variants.map((variant, k) => {
    const { features, annotation } = variantFeatures(variant, context.genes, context.reference);
    batch.set(features, k * width);
    return annotation;
  });
  const { inputs, outputs } = context.model.manifest;
  // One thread: the same scores on every machine, and a few thousand rows take milliseconds anyway.
  const session = await sessionFor(context.model, { intraOpNumThreads: 1 });
  const result = await session.run({ [(inputs[0] as { name: string }).name]: new ort.Tensor('float32', batch, [variants.length, width]) });
  const scores = result[(outputs[0] as { name: string }).name]?.data as Float32Array;
  return annotations.map((annotation, k) => ({ score: scores[k] as number, annotation }));
}
