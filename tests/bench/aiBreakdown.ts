// Where the time of an `ai` bench run goes: the lung pipeline's stages (lungEmphysema.ts) called one by
// one in the bench process over the source files and timed here, so the app carries no instrumentation.
// The session is the app's (createOnnxPatchRunner: same options), its RunPatch wrapped to sum session.run.
import { readFileSync } from 'node:fs';
import { lungBiomarkers } from '../../main/ai/pipeline/biomarkers.ts';
import { splitChannels } from '../../main/ai/pipeline/lungEmphysema.ts';
import { lungMask } from '../../main/ai/pipeline/lungPostprocess.ts';
import { createOnnxPatchRunner } from '../../main/ai/pipeline/onnxRunner.ts';
import { readSeriesVolume } from '../../main/ai/pipeline/readSeries.ts';
import { slidingWindow, type PatchShape } from '../../main/ai/pipeline/slidingWindow.ts';

export interface AiBreakdown {
  patches: number;
  /** ms: reading and decoding the series into HU. */
  readMs: number;
  sessionMs: number;
  /** ms: the whole sliding window, and of it the session.run calls. */
  windowMs: number;
  runMs: number;
  /** ms: the channels apart, lung components, airway removal, split, hole filling. */
  postprocessMs: number;
  biomarkersMs: number;
  /** The same stages in CPU time of the bench process (user + system, onnxruntime's threads included): on a loaded machine the wall clock inflates every stage, this much less. */
  cpu: { readMs: number; windowMs: number; runMs: number; postprocessMs: number; biomarkersMs: number };
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface LungManifest {
  inputs: Array<{ name: string }>;
  outputs: Array<{ name: string }>;
  slidingWindow: { patchSize: number[]; overlap: number };
  postprocessing?: { decision?: { value: number } };
}

export async function aiBreakdown(modelPath: string, files: readonly string[], manifestPath: string, threads: number): Promise<AiBreakdown> {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as LungManifest;
  let t = performance.now();
  let c = cpuNow();
  const cpuLaps: number[] = [];
  const lap = (): number => {
    const now = performance.now();
    const ms = now - t;
    t = now;
    const cpu = cpuNow();
    cpuLaps.push(cpu - c);
    c = cpu;
    return ms;
  };
  const volume = await readSeriesVolume(files.map((f) => ({ read: async () => new Uint8Array(readFileSync(f)) })));
  const readMs = lap();
  const runner = await createOnnxPatchRunner(modelPath, { inputName: manifest.inputs[0]?.name ?? '', outputName: manifest.outputs[0]?.name ?? '', threads });
  const sessionMs = lap();
  let runMs = 0;
  let runCpuMs = 0;
  let patches = 0;
  const bits = await slidingWindow(volume, async (patch, shape) => {
    const started = performance.now();
    const startedCpu = cpuNow();
    const out = await runner.run(patch, shape);
    runMs += performance.now() - started;
    runCpuMs += cpuNow() - startedCpu;
    patches++;
    return out;
  }, { patch: manifest.slidingWindow.patchSize as unknown as PatchShape, overlap: manifest.slidingWindow.overlap, channels: 2, threshold: manifest.postprocessing?.decision?.value ?? 0.5 });
  const windowMs = lap();
  await runner.close();
  lap();
  const { candidate, below950 } = splitChannels(bits);
  const { labels } = lungMask(candidate, below950, volume);
  const postprocessMs = lap();
  lungBiomarkers(labels, below950, volume.spacing);
  const biomarkersMs = lap();
  const [readCpu = 0, , windowCpu = 0, , postprocessCpu = 0, biomarkersCpu = 0] = cpuLaps;
  return {
    patches, readMs, sessionMs, windowMs, runMs, postprocessMs, biomarkersMs,
    cpu: { readMs: readCpu, windowMs: windowCpu, runMs: runCpuMs, postprocessMs: postprocessCpu, biomarkersMs: biomarkersCpu },
  };
}
