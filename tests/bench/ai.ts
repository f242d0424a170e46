// Item `ai` (issue 14, item 9): each shipped model that has a pipeline, on the chest CT imported into a
// fresh data directory, the model imported with `precis models import`, then `precis analyze --json` as
// a user runs it (the analyze job's child process). Rows:
// - pipeline time: the run's own clock, its provenance endedAt - startedAt (reading and decoding the
//   stored series, the session, the sliding window, postprocessing, biomarkers; not CLI start-up, not the
//   intended-use check before the run), against one plain onnxruntime-node session over the same patch
//   grid in its own process, session.run calls only (aiRawSession.ts). The ratio is the pipeline's
//   overhead; goal <= 1.3x.
// - peak memory: the job child's VmHWM (provenance.peakRssMb), against the Int16 volume's own bytes
//   (information: the issue states no figure).
// Where the time goes: the same stages timed in this process (no instrumentation in the app) over the
// source files: read and decode, session.run total, the rest of the sliding window, lung components and
// split, biomarkers. --quick: the 32 slices in the middle of the chest. A learned model (any model run by
// the generic segmentation pipeline, e.g. ct-lung-nodule-unet) runs on the LEARNED_SLICES in the middle
// of the chest, all 512 x 512 in-plane: its U-Net takes minutes over the whole volume here.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import type { AnalyzeResult } from '../../preload/api.ts';
import { PIPELINES, pipelineFor } from '../../main/ai/analysis/pipelines.ts';
import { parseManifest } from '../../main/ai/registry/manifest.ts';
import { CHEST_CT, freshDir, precisEnv, precisImport, REPO_ROOT, subsetFolder, type BenchContext } from './context.ts';
import { aiBreakdown, type AiBreakdown } from './aiBreakdown.ts';
import { buildCli } from './import.ts';
import type { Row } from './report.ts';
import { log, MB, median } from './stats.ts';

const CLI = join(REPO_ROOT, 'bin', 'precis.mjs');
const MODELS = join(REPO_ROOT, 'models');
const RAW = join(REPO_ROOT, 'tests', 'bench', 'aiRawSession.ts');
const QUICK_SLICES = 32;
const LEARNED_SLICES = 64;
/** The analyze job's default onnxruntime threads (runAnalysis.ts), given to the raw session too. */
const THREADS = 2;

interface Manifest {
  id: string;
  inputs: Array<{ name: string }>;
  slidingWindow?: { patchSize: number[]; overlap: number };
}

function precis(ctx: BenchContext, args: string[]): string {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: precisEnv(ctx), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`precis ${args.slice(0, 2).join(' ')} exited ${run.status}: ${run.stderr.slice(-2000)}`);
  return run.stdout;
}

/** The chest CT's files in slice order (by ImagePositionPatient along the normal, z here), and its SeriesInstanceUID. */
function chestSeries(): { files: string[]; series: string } {
  const header = (f: string): dicomParser.DataSet => dicomParser.parseDicom(new Uint8Array(readFileSync(f)), { untilTag: 'x7fe00010' });
  const all = readdirSync(CHEST_CT).filter((f) => f.endsWith('.dcm')).map((f) => join(CHEST_CT, f));
  const z = new Map(all.map((f) => [f, Number((header(f).string('x00200032') ?? '0\\0\\0').split('\\')[2])]));
  const files = all.sort((a, b) => (z.get(a) as number) - (z.get(b) as number));
  return { files, series: header(files[0] as string).string('x0020000e') as string };
}

interface RawRun {
  runMs: number;
  runCpuMs: number;
  createMs: number;
  patches: number;
  peakRssKb: number | null;
}

function rawSession(modelPath: string, folder: string, manifest: Manifest): RawRun {
  const window = manifest.slidingWindow as { patchSize: number[]; overlap: number };
  const args = [RAW, modelPath, folder, window.patchSize.join(','), String(window.overlap), String(THREADS), manifest.inputs[0]?.name ?? ''];
  const run = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`aiRawSession.ts exited ${run.status}: ${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout) as RawRun;
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function why(b: AiBreakdown, pipelineMs: number, rawMs: number, rawCpuMs: number): string {
  return `of the run's ${s(pipelineMs)} (raw session.run over the same ${b.patches} patches: ${s(rawMs)}), timed stage by stage in the bench over the source files: reading and decoding the series ${s(b.readMs)}` +
    ` (the app also decrypts each stored file), session creation ${s(b.sessionMs)}, the patches' session.run total ${s(b.runMs)}, the rest of the sliding window (patch extraction, Gaussian blending, thresholding) ${s(b.windowMs - b.runMs)},` +
    ` postprocessing (the channels apart, connected components, airway removal, split, hole filling) ${s(b.postprocessMs)}, biomarkers ${s(b.biomarkersMs)}; the run also hashes the input voxels and writes its provenance.` +
    ` In CPU time (user + system, which the machine's load inflates less than the clock): raw session.run ${s(rawCpuMs)}; in the breakdown reading ${s(b.cpu.readMs)}, session.run ${s(b.cpu.runMs)},` +
    ` the rest of the sliding window ${s(b.cpu.windowMs - b.cpu.runMs)}, postprocessing ${s(b.cpu.postprocessMs)}, biomarkers ${s(b.cpu.biomarkersMs)}.`;
}

export async function benchAi(ctx: BenchContext): Promise<Row[]> {
  buildCli();
  const chest = chestSeries();
  const crop = (slices: number): { files: string[]; folder: string; label: string } => {
    if (slices >= chest.files.length) return { files: chest.files, folder: CHEST_CT, label: `chest CT, ${chest.files.length} slices` };
    const middle = Math.floor((chest.files.length - slices) / 2);
    const files = chest.files.slice(middle, middle + slices);
    return { files, folder: subsetFolder(ctx, `ai-chest-ct-${slices}`, files), label: `chest CT, ${slices}-slice crop` };
  };
  const rows: Row[] = [];
  for (const id of readdirSync(MODELS).sort()) {
    const dir = join(MODELS, id);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    const runnable = ((): boolean => {
      try {
        return pipelineFor(parseManifest(readFileSync(join(dir, 'manifest.json'), 'utf8'))) !== undefined;
      } catch {
        return false;
      }
    })();
    if (!runnable || !manifest.slidingWindow) {
      log(`ai: ${id} has no pipeline or sliding window in this version: not measured`);
      continue;
    }
    const learned = !PIPELINES[manifest.id];
    const { files, folder, label } = crop(ctx.quick ? QUICK_SLICES : learned ? LEARNED_SLICES : chest.files.length);
    const dataDir = freshDir(ctx, `ai-${id}`);
    const imported = precisImport(ctx, [folder], dataDir);
    if (imported.imported !== files.length) throw new Error(`${imported.imported} of ${files.length} slices imported`);
    precis(ctx, ['models', 'import', dir, '--data-dir', dataDir, '--json']);
    const pipelineMs: number[] = [];
    const wallMs: number[] = [];
    const peakMb: number[] = [];
    const rawMs: number[] = [];
    const rawCpuMs: number[] = [];
    const rawPeakMb: number[] = [];
    let voxelMb = 0;
    for (let run = 0; run < ctx.runs; run++) {
      const started = performance.now();
      const result = JSON.parse(precis(ctx, ['analyze', '--series', chest.series, '--model', manifest.id, '--data-dir', dataDir, '--json'])) as AnalyzeResult;
      wallMs.push(performance.now() - started);
      const p = result.provenance;
      pipelineMs.push(Date.parse(p.endedAt ?? '') - Date.parse(p.startedAt));
      peakMb.push(p.peakRssMb ?? Number.NaN);
      voxelMb = (p.input?.dims ?? [0, 0, 0]).reduce((n, d) => n * d, p.input?.voxelType === 'float32' ? 4 : 2) / MB;
      const raw = rawSession(join(dir, 'model.onnx'), folder, manifest);
      rawMs.push(raw.runMs);
      rawCpuMs.push(raw.runCpuMs);
      rawPeakMb.push(((raw.peakRssKb ?? Number.NaN) * 1024) / MB);
      log(`ai ${id} run ${run + 1}/${ctx.runs}: pipeline ${s(pipelineMs.at(-1) as number)} (CLI ${s(wallMs.at(-1) as number)}), peak ${p.peakRssMb} MB; raw session.run ${s(raw.runMs)} over ${raw.patches} patches`);
    }
    // The stages are the lung pipeline's; another model's row says "no breakdown measured" until it has its own.
    const breakdown = manifest.id === 'ct-lung-emphysema' ? await aiBreakdown(join(dir, 'model.onnx'), files, join(dir, 'manifest.json'), THREADS) : null;
    if (breakdown) log(`ai ${id} where the time goes: ${JSON.stringify(breakdown)}`);
    const details = { slices: files.length, pipelineMs, cliWallMs: wallMs, rawSessionRunMs: rawMs, rawSessionRunCpuMs: rawCpuMs, rawPeakRssMb: rawPeakMb, breakdown, threads: THREADS };
    rows.push({
      id: `ai.${id}.pipeline-vs-raw`,
      item: `AI ${id}: pipeline time (${label}; provenance start to end)`,
      unit: 's',
      precisRuns: pipelineMs.map((ms) => ms / 1000),
      referenceRuns: rawMs.map((ms) => ms / 1000),
      referenceLabel: 'one raw onnxruntime session, session.run over the same patches',
      goal: { kind: 'ratioAtMost', limit: 1.3, text: '<= 1.3x raw session' },
      details,
      ...(breakdown ? { missedBecause: why(breakdown, median(pipelineMs) ?? 0, median(rawMs) ?? 0, median(rawCpuMs) ?? 0) } : {}),
    });
    rows.push({
      id: `ai.${id}.peak-memory`,
      item: `AI ${id}: peak memory of the analyze job's process (${label})`,
      unit: 'MB',
      precisRuns: peakMb,
      referenceRuns: [voxelMb],
      referenceLabel: 'the volume itself (Int16 voxels)',
      goal: { kind: 'info', text: '(information)' },
      details,
    });
  }
  return rows;
}
