// The RunPatch of the sliding window on an onnxruntime-node session (CPU). One session per model file,
// created by the caller and closed by it; the job's child process owns it (issue 14: never the main
// or renderer thread). The memory arena is on and pattern planning off, as in the job's session
// (ai/runtime/session.ts, which says why): one patch's buffers, reused for every patch of the same shape.
import ort from 'onnxruntime-node';
import type { PatchShape, RunPatch } from './slidingWindow.ts';

export interface OnnxPatchRunner {
  run: RunPatch;
  close(): Promise<void>;
  /** onnxruntime-node's version, for the run's provenance. */
  runtimeVersion: string;
}

export interface OnnxRunnerOptions {
  inputName: string;
  outputName: string;
  /** Threads inside one operator; the job pins it so runs are comparable (default 2). */
  threads?: number;
}

export async function createOnnxPatchRunner(modelPath: string, options: OnnxRunnerOptions): Promise<OnnxPatchRunner> {
  const session = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: options.threads ?? 2,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    enableCpuMemArena: true,
    enableMemPattern: false,
    graphOptimizationLevel: 'all',
  });
  return { run: sessionPatchRunner(session, options.inputName, options.outputName), close: () => session.release(), runtimeVersion: ort.env.versions.common };
}

/** The RunPatch of an existing session (the job's cached, hash-verified one): [1, 1, D, H, W] float32 in, the named output out. */
export function sessionPatchRunner(session: ort.InferenceSession, inputName: string, outputName: string): RunPatch {
  return async (patch: Float32Array, shape: PatchShape) => {
    const input = new ort.Tensor('float32', patch, [1, 1, ...shape]);
    const results = await session.run({ [inputName]: input });
    const output = results[outputName];
    if (!output || !(output.data instanceof Float32Array)) throw new Error(`The model gave no float32 output named ${outputName}.`);
    return output.data;
  };
}
