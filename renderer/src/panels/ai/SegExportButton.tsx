// "Export SEG" on a run of the AI tab: writes the run's accepted segmentation findings as one DICOM SEG
// under the data directory's exports folder and says where (proposed and rejected findings are never
// written; the button shows only once a segment is accepted).
import { useState } from 'react';
import type { InferenceRunDetail } from '../../../../preload/api.ts';
import { precis } from '../../api/client.ts';

export function SegExportButton({ run }: { run: InferenceRunDetail }) {
  const [note, setNote] = useState<string | null>(null);
  const accepted = run.findings.filter((f) => f.review === 'accepted' && f.labelValue !== null);
  if (run.status !== 'done' || accepted.length === 0) return null;
  const exportSeg = async (): Promise<void> => {
    try {
      const result = await precis().case.exportSeg({ caseId: run.caseId, runId: run.runId });
      setNote(`DICOM SEG of ${result.segments.map((s) => s.label).join(', ')} written to ${result.file}.`);
    } catch (error) {
      setNote(`The segmentation could not be exported: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return (
    <>
      <p className="actions">
        <button data-testid="ai-export-seg" title="Export the accepted segments as a DICOM SEG (proposed and rejected ones are left out)" onClick={() => void exportSeg()}>Export SEG</button>
      </p>
      {note && <p className="muted" data-testid="ai-export-seg-note">{note}</p>}
    </>
  );
}
