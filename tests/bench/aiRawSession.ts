// The reference of the `ai` bench item: one plain onnxruntime-node session over the same patch grid the
// pipeline feeds (patch size and overlap from the manifest, the real HU volume), timing session.run
// calls only. Run as its own process by tests/bench/ai.ts:
//   node tests/bench/aiRawSession.ts MODEL.onnx SERIES_FOLDER D,H,W OVERLAP THREADS INPUT_NAME
// prints { runMs, runCpuMs, createMs, patches, peakRssKb } as JSON. The volume is read (outside the clock) with the
// pipeline's own reader, so both sides see the same voxels; extracting a patch is outside the clock too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { readSeriesVolume } from '../../main/ai/pipeline/readSeries.ts';
import { patchStarts } from '../../main/ai/pipeline/slidingWindow.ts';

const [modelPath, folder, patchText, overlapText, threadsText, inputName] = process.argv.slice(2);
if (!modelPath || !folder || !patchText || !overlapText || !threadsText || !inputName) throw new Error('usage: aiRawSession.ts MODEL FOLDER D,H,W OVERLAP THREADS INPUT');
const [pd, ph, pw] = patchText.split(',').map(Number) as [number, number, number];
const overlap = Number(overlapText);

const files = readdirSync(folder).filter((f) => f.endsWith('.dcm')).sort().map((f) => join(folder, f));
const volume = await readSeriesVolume(files.map((f) => ({ read: async () => new Uint8Array(readFileSync(f)) })));
const [nx, ny, nz] = volume.dims;
const [sz, sy, sx] = [Math.min(pd, nz), Math.min(ph, ny), Math.min(pw, nx)];

const created = performance.now();
const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: Number(threadsText), interOpNumThreads: 1 });
const createMs = performance.now() - created;
const input = new Float32Array(sz * sy * sx);
let runMs = 0;
// CPU time of the calls too (user + system of the process, onnxruntime's threads included), for the breakdown's CPU figures.
let runCpuMs = 0;
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let patches = 0;
for (const z0 of patchStarts(nz, sz, overlap)) {
  for (const y0 of patchStarts(ny, sy, overlap)) {
    for (const x0 of patchStarts(nx, sx, overlap)) {
      let o = 0;
      for (let k = 0; k < sz; k++) for (let j = 0; j < sy; j++) {
        const from = x0 + nx * (y0 + j + ny * (z0 + k));
        for (let i = 0; i < sx; i++) input[o++] = volume.voxels[from + i] as number;
      }
      const started = performance.now();
      const startedCpu = cpuNow();
      await session.run({ [inputName]: new ort.Tensor('float32', input, [1, 1, sz, sy, sx]) });
      runMs += performance.now() - started;
      runCpuMs += cpuNow() - startedCpu;
      patches++;
    }
  }
}
await session.release();
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
process.stdout.write(`${JSON.stringify({ runMs, runCpuMs, createMs, patches, peakRssKb: hwm ? Number(hwm[1]) : null })}\n`);
