// The AI tab's state and commands, outside React (a plain zustand store, as the app's): the imported
// models, the runs of each case, the intended-use warnings awaiting a decision, the followed run job.
// Results that arrive for a case no longer open are kept by case id, never shown for another patient.
import { create } from 'zustand';
import type { InferenceRunDetail, ModelSummary } from '../../../../preload/api.ts';
import { precis } from '../../api/client.ts';

export interface PendingRun { caseId: string; SeriesInstanceUID: string; modelId: string; warnings: string[] }

interface AiState {
  models: ModelSummary[] | null;
  runs: Record<string, InferenceRunDetail[]>;
  /** A run the intended-use check warned about: shown with "Run anyway" until the reader decides. */
  pending: PendingRun | null;
  /** The model being checked before its run (the Run button is busy meanwhile). */
  checking: string | null;
  /** The analyze job this tab started, followed through the job events of the app store. */
  jobId: string | null;
  error: string | null;
  /** The reviewer's note per run, not yet sent: it goes with their next Accept, Reject or saved mask edit. */
  notes: Record<string, string>;
}

export const useAi = create<AiState>(() => ({ models: null, runs: {}, pending: null, checking: null, jobId: null, error: null, notes: {} }));
const set = useAi.setState;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function loadModels(): Promise<void> {
  try {
    set({ models: await precis().models.list({}) });
  } catch (error) {
    set({ models: [], error: message(error) });
  }
}

export async function loadRuns(caseId: string): Promise<void> {
  try {
    const runs = await precis().inference.list({ caseId });
    set((s) => ({ runs: { ...s.runs, [caseId]: runs } }));
  } catch (error) {
    set({ error: message(error) });
  }
}

async function start(request: Omit<PendingRun, 'warnings'>, force: boolean): Promise<void> {
  const { jobId } = await precis().analyze.start({ ...request, force });
  set({ jobId, pending: null });
}

/** Run: the intended-use check first; warnings wait for the reader's "Run anyway", none starts the run. */
export async function runModel(request: Omit<PendingRun, 'warnings'>): Promise<void> {
  set({ checking: request.modelId, error: null, pending: null });
  try {
    const check = await precis().analyze.check(request);
    if (check.warnings.length > 0) set({ pending: { ...request, warnings: check.warnings } });
    else await start(request, false);
  } catch (error) {
    set({ error: message(error) });
  } finally {
    set({ checking: null });
  }
}

export async function runAnyway(): Promise<void> {
  const pending = useAi.getState().pending;
  if (!pending) return;
  try {
    // The pending run carries its warnings for the tab; the call takes only what names the run.
    const { caseId, SeriesInstanceUID, modelId } = pending;
    await start({ caseId, SeriesInstanceUID, modelId }, true);
  } catch (error) {
    set({ error: message(error) });
  }
}

export const dismissPending = (): void => set({ pending: null });

export const setNote = (runId: string, text: string): void => set((s) => ({ notes: { ...s.notes, [runId]: text } }));

/** The run's note as it will be sent (trimmed), or null when there is none. */
export const noteFor = (runId: string): string | null => useAi.getState().notes[runId]?.trim() || null;

export async function reviewFinding(caseId: string, findingId: string, decision: 'accepted' | 'rejected'): Promise<void> {
  const runId = findingId.split(':')[0] ?? '';
  const note = noteFor(runId);
  try {
    await precis().inference.review({ caseId, findingId, decision, ...(note ? { note } : {}) });
    set((s) => ({ notes: { ...s.notes, [runId]: '' } }));
    await loadRuns(caseId);
  } catch (error) {
    set({ error: message(error) });
  }
}
