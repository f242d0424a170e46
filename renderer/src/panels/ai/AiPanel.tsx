// The AI tab (issue 14): the models imported into this library (what each is for, its card), Run on the
// open series with the intended-use warnings shown before anything runs, the run's progress and Cancel
// (job events, as the status bar), then every run of the open case for review. Models run on this
// machine, in a child process; nothing leaves it.
import { useEffect, useRef } from 'react';
import type { JobStatus, ModelSummary } from '../../../../preload/api.ts';
import { cancelJob } from '../../commands.ts';
import { useApp } from '../../state/store.ts';
import { dismissPending, loadModels, loadRuns, runAnyway, runModel, useAi } from './aiStore.ts';
import { cardText } from './format.ts';
import { ModelImport } from './ModelImport.tsx';
import { RunResult } from './RunResult.tsx';
import './ai.css';

const PHASES: Record<string, string> = { queued: 'Waiting', starting: 'Starting', 'checking intended use': 'Checking intended use', 'reading series': 'Reading the series', inference: 'Patches' };

function ModelCard({ model, busy }: { model: ModelSummary; busy: boolean }) {
  const open = useApp((s) => s.open);
  const checking = useAi((s) => s.checking);
  const usable = model.status === 'ok' && open !== null;
  return (
    <li className="ai-model" data-testid="ai-model" data-model-id={model.id}>
      <div><strong>{model.id}</strong> <span className="num">{model.version}</span>{model.name && <> — {model.name}</>}</div>
      {model.intendedUse && <div className="muted">For: {model.intendedUse}</div>}
      {model.status === 'error' && <div className="error">Cannot be used: {model.error?.message}</div>}
      {model.cardExcerpt && <p className="ai-card" data-testid="ai-model-card">{cardText(model.cardExcerpt)}</p>}
      <button
        data-testid="ai-run"
        disabled={!usable || busy || checking !== null}
        title={open ? `Run ${model.id} on the open series (its intended use is checked first)` : 'Open a series to run a model on it'}
        onClick={() => open && void runModel({ caseId: open.patient.caseId, SeriesInstanceUID: open.series.SeriesInstanceUID, modelId: model.id })}
      >
        {checking === model.id ? 'Checking…' : 'Run'}
      </button>
    </li>
  );
}

function Pending() {
  const pending = useAi((s) => s.pending);
  const open = useApp((s) => s.open);
  if (!pending || pending.SeriesInstanceUID !== open?.series.SeriesInstanceUID) return null;
  return (
    <div className="ai-pending" role="alert" data-testid="ai-pending">
      <p><strong>This series is outside the intended use of {pending.modelId}.</strong> Its results would carry these warnings:</p>
      <ul>{pending.warnings.map((w) => <li key={w} data-testid="ai-warning">{w}</li>)}</ul>
      <span className="actions">
        <button data-testid="ai-run-anyway" className="danger" onClick={() => void runAnyway()}>Run anyway</button>
        <button data-testid="ai-dont-run" onClick={dismissPending}>Don't run</button>
      </span>
    </div>
  );
}

function Progress({ job }: { job: JobStatus }) {
  return (
    <div className="ai-progress" data-testid="ai-progress" data-job-state={job.state}>
      {PHASES[job.phase] ?? job.phase}{' '}
      {job.state === 'running' && job.total > 0 && <><span className="num">{job.done}/{job.total}</span> <progress max={job.total} value={job.done} /></>}
      <button data-testid="ai-cancel" onClick={() => void cancelJob(job.jobId)} title="Cancel the run: nothing but its record is kept">Cancel</button>
    </div>
  );
}

/** The analyze job to show: the one this tab started, else one already running (e.g. after a reload). */
function useRunJob(): JobStatus | null {
  const jobId = useAi((s) => s.jobId);
  return useApp((s) => (jobId ? s.jobs[jobId] : undefined) ?? Object.values(s.jobs).find((j) => j.kind === 'analyze' && (j.state === 'running' || j.state === 'queued')) ?? null);
}

/** Re-reads the case's runs when the followed run ends, and says why when it failed. */
function useRunsOf(caseId: string | null, job: JobStatus | null): void {
  const ended = useRef<string | null>(null);
  useEffect(() => void (caseId && loadRuns(caseId)), [caseId]);
  const finished = job && job.state !== 'running' && job.state !== 'queued' ? job.jobId : null;
  useEffect(() => {
    if (!finished || ended.current === finished) return;
    ended.current = finished;
    if (job?.state === 'failed') useAi.setState({ error: job.error?.message ?? 'The run failed.' });
    if (caseId) void loadRuns(caseId);
  }, [finished, caseId, job]);
}

export function AiPanel() {
  const open = useApp((s) => s.open);
  const caseId = open?.patient.caseId ?? null;
  const { models, runs, error } = useAi();
  const job = useRunJob();
  const running = job !== null && (job.state === 'running' || job.state === 'queued');
  useEffect(() => void loadModels(), []);
  useRunsOf(caseId, job);
  const caseRuns = caseId ? (runs[caseId] ?? []) : [];
  return (
    <div className="panel-body ai-panel" data-testid="ai-panel">
      <h3>Models</h3>
      {models !== null && models.length === 0 && (
        <p className="empty-state" data-testid="panel-empty">No models imported. Import a model folder here or with "precis models import DIR"; models run on this machine and nothing leaves it.</p>
      )}
      <ModelImport />
      <ul className="ai-models">{models?.map((m) => <ModelCard key={`${m.id} ${m.version ?? ''}`} model={m} busy={running} />)}</ul>
      {!open && models !== null && models.length > 0 && <p className="muted">Open a series to run a model on it.</p>}
      <Pending />
      {running && job && <Progress job={job} />}
      {error && <p className="error" role="alert" data-testid="ai-error">{error}</p>}
      <h3>Results</h3>
      {caseId && caseRuns.length === 0 && <p className="empty-state">No model has run on this patient's images yet.</p>}
      {caseRuns.map((run) => <RunResult key={run.runId} run={run} />)}
    </div>
  );
}
