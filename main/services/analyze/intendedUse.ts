// The intended-use check of a stored series before a model runs on it: the tags of its first image and
// the body figures of up to SAMPLED slices spread over it (bodyFigures.ts), read from the encrypted store.
// Works on single slices, so it also judges a series that cannot be formed into a volume (a tilted head CT).
import { checkIntendedUse, imageCheckFor, imageFigures, seriesTags, type IntendedUseCheck } from '../../ai/intendedUse/check.ts';
import { sliceHu, type InstanceSource } from '../../ai/pipeline/readSeries.ts';
import type { ModelManifest } from '../../ai/registry/manifest.ts';
import { AppError } from '../../errors.ts';

/** Slices whose figures are measured: enough to cross the lungs of any chest CT, ~0.4 s for 512^2 slices. */
const SAMPLED = 24;

/** `sources` in display order (along the slice normal); `progress` counts sampled slices. */
export async function checkSeries(manifest: ModelManifest, sources: readonly InstanceSource[], signal: AbortSignal, progress: (done: number, total: number) => void): Promise<IntendedUseCheck> {
  const first = sources[0];
  if (!first) throw new Error('The series has no images.');
  const use = manifest.intendedUse;
  if (use === null) throw new AppError('model-no-pipeline', `${manifest.id} is a ${manifest.task} model, not one for images.`);
  const tags = seriesTags(await first.read());
  if (!imageCheckFor(use)) return checkIntendedUse(use, tags, null);
  const count = Math.min(SAMPLED, sources.length);
  const picks = Array.from({ length: count }, (_, k) => Math.floor(((k + 0.5) * sources.length) / count));
  const slices = [];
  for (const [k, index] of picks.entries()) {
    signal.throwIfAborted();
    slices.push(await sliceHu(await (sources[index] as InstanceSource).read()));
    progress(k + 1, count);
  }
  return checkIntendedUse(use, tags, imageFigures(slices));
}
