// ONNX Runtime sessions for verified models: one InferenceSession per model id and sha256, created from
// the very bytes whose hash was checked (no second read of the file between check and load). Used by
// the inference job's child process; the renderer never imports onnxruntime, and the main process
// should not either (a native crash there would take the app down).
import * as ort from 'onnxruntime-node';
import type { VerifiedModel } from '../registry/store.ts';

export type InferenceSession = ort.InferenceSession;

export interface SessionSettings {
  /** Threads of one operator; 0 lets onnxruntime choose. Pin it where results must be reproducible. */
  intraOpNumThreads?: number;
}

const sessions = new Map<string, Promise<ort.InferenceSession>>();

const keyOf = (model: VerifiedModel): string => `${model.record.id}@${model.record.sha256}`;

function options(model: VerifiedModel, settings: SessionSettings): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: settings.intraOpNumThreads ?? 0,
    // The arena keeps one patch's buffers and reuses them for the next patch (a run's patches share one
    // shape). Without it every intermediate tensor is malloc'd and freed per patch, and glibc keeps the
    // freed blocks: the peak grew by about 300 MB over a chest CT's 20 patches. The memory pattern (one
    // block planned for all intermediates) measured 40 MB more than the arena alone, at the same speed.
    enableCpuMemArena: true,
    enableMemPattern: false,
    // Where external data (already checked to stay inside the folder, and hashed) is looked up.
    ...(model.record.externalFiles.length > 0 ? { extra: { session: { model_external_initializers_file_folder_path: model.folder } } } : {}),
  };
}

/** The cached session of a verified model, created on first use. */
export function sessionFor(model: VerifiedModel, settings: SessionSettings = {}): Promise<ort.InferenceSession> {
  const key = keyOf(model);
  let session = sessions.get(key);
  if (!session) {
    session = ort.InferenceSession.create(model.modelBytes, options(model, settings));
    sessions.set(key, session);
    // A failed creation is not cached: the next call tries again (and reports its own error).
    session.catch(() => sessions.delete(key));
  }
  return session;
}

/** Releases every cached session (the job's child process ends, or tests). */
export async function releaseSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  for (const s of await Promise.allSettled(all)) if (s.status === 'fulfilled') await s.value.release();
}

export const cachedSessionCount = (): number => sessions.size;

/** onnxruntime's version, for the provenance of a run. */
export const runtimeVersion = (): string => ort.env.versions.node ?? ort.env.versions.common;

export { ort };
