// One run of the open case in the AI tab: its biomarkers (proposed until the findings are reviewed), the
// warnings it carries, its provenance (model, file hash, runtime, times) and each finding with Accept /
// Reject and who decided when, with the reviewer's note. After a clinician edited the mask (brush/eraser in
// the viewer), the numbers recomputed from the edit stand beside the model's, with who edited it when. A
// failed or cancelled run shows why and no numbers.
import type { BiomarkerValue, InferenceRunDetail, MaskEdit, ReviewedFinding } from '../../../../preload/api.ts';
import { formatBiomarker, formatValue, formatWhen, reviewText } from './format.ts';
import { reviewFinding, setNote, useAi } from './aiStore.ts';
import { SegExportButton } from './SegExportButton.tsx';

const measured = (measurements: readonly BiomarkerValue[]): string => measurements.map((m) => `${m.name} ${formatValue(m.value, m.unit)}`).join(', ');

function FindingRow({ caseId, finding, edit }: { caseId: string; finding: ReviewedFinding; edit: MaskEdit | null }) {
  const edited = edit?.findings.find((f) => f.position === finding.position);
  return (
    <li className={`ai-finding ${finding.review}`} data-testid="ai-finding" data-review={finding.review}>
      <div>
        <strong>{finding.label}</strong>{' '}
        <span className="num">{measured(finding.measurements)}</span>
        {edited && <> <span className="num ai-edited" data-testid="ai-finding-edited">edited: {measured(edited.measurements)}</span></>}
      </div>
      <div className="ai-finding-state" data-testid="ai-finding-state">{reviewText(finding)}</div>
      {finding.reviewNote && <div className="ai-note" data-testid="ai-finding-note">Note: {finding.reviewNote}</div>}
      <span className="actions">
        <button data-testid="ai-accept" disabled={finding.review === 'accepted'} onClick={() => void reviewFinding(caseId, finding.findingId, 'accepted')} title="Accept this finding: it may then go into reports and exports">Accept</button>
        <button data-testid="ai-reject" className="danger" disabled={finding.review === 'rejected'} onClick={() => void reviewFinding(caseId, finding.findingId, 'rejected')} title="Reject this finding: it never goes into reports or exports">Reject</button>
      </span>
    </li>
  );
}

function Provenance({ run }: { run: InferenceRunDetail }) {
  return (
    <dl className="ai-provenance" data-testid="ai-provenance">
      <dt>Model</dt><dd>{run.model.id} {run.model.version}</dd>
      <dt>sha256</dt><dd className="num" title={run.model.sha256}>{run.model.sha256.slice(0, 12)}</dd>
      <dt>Runtime</dt><dd>{run.runtime.name} {run.runtime.version}</dd>
      <dt>Started</dt><dd className="num">{formatWhen(run.startedAt)} by {run.startedBy}</dd>
      <dt>Ended</dt><dd className="num">{formatWhen(run.endedAt)}</dd>
    </dl>
  );
}

function EditedNumbers({ edit }: { edit: MaskEdit }) {
  return (
    <div className="ai-edit" data-testid="ai-edit">
      <p className="ai-caption">Mask edited by {edit.editedBy} at {formatWhen(edit.editedAt)}; recomputed from the edit:</p>
      <ul className="ai-biomarkers">
        {edit.biomarkers.map((b) => <li key={b.name} className="num" data-testid="ai-biomarker-edited">{formatBiomarker(b)}</li>)}
      </ul>
      {edit.note && <div className="ai-note" data-testid="ai-edit-note">Note: {edit.note}</div>}
    </div>
  );
}

function ReviewNote({ runId }: { runId: string }) {
  const note = useAi((s) => s.notes[runId] ?? '');
  return (
    <label className="ai-review-note">
      Note with the next decision or saved edit
      <textarea data-testid="ai-review-note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(runId, e.target.value)} />
    </label>
  );
}

export function RunResult({ run }: { run: InferenceRunDetail }) {
  const reviewed = run.findings.length > 0 && run.findings.every((f) => f.review === 'accepted');
  return (
    <article className="ai-run" data-testid="ai-run-row" data-status={run.status}>
      <header>
        <strong>{run.model.id}</strong> <span className="muted">{formatWhen(run.startedAt)}</span>{' '}
        <span className={`ai-status ${run.status}`}>{run.status === 'done' ? 'done' : run.status}</span>
        {run.outsideIntendedUse && <span className="ai-outside" data-testid="ai-run-outside"> outside intended use</span>}
      </header>
      {run.error && <p className="error" data-testid="ai-run-error">{run.error}</p>}
      {run.status === 'cancelled' && <p className="muted">Cancelled: nothing but this record was kept.</p>}
      {run.biomarkers && run.biomarkers.length > 0 && (
        <>
          <p className="ai-caption">{reviewed ? 'From accepted findings' : 'Proposed by the model — not reviewed'}</p>
          <ul className="ai-biomarkers">
            {run.biomarkers.map((b) => <li key={b.name} className="num" data-testid="ai-biomarker">{formatBiomarker(b)}</li>)}
          </ul>
        </>
      )}
      {run.edit && <EditedNumbers edit={run.edit} />}
      {run.warnings.length > 0 && (
        <ul className="ai-warnings">{run.warnings.map((w) => <li key={w} data-testid="ai-run-warning">{w}</li>)}</ul>
      )}
      {run.findings.length > 0 && (
        <ul className="ai-findings">{run.findings.map((f) => <FindingRow key={f.findingId} caseId={run.caseId} finding={f} edit={run.edit} />)}</ul>
      )}
      {run.findings.length > 0 && <ReviewNote runId={run.runId} />}
      <SegExportButton run={run} />
      <Provenance run={run} />
    </article>
  );
}
