// Save of a brush/eraser edit: the run's whole label volume as the viewer holds it goes to main as an upload
// (the web host streams it under its session header, PUT /upload/...; Electron's IPC takes its bytes, as for
// the import's picked files), then inference.saveEdit has main measure it again over the CT and keep it as a
// new mask version. The AI tab then shows the recomputed numbers beside the model's.
import type { MaskEdit } from '../../../../preload/api.ts';
import { precis } from '../../api/client.ts';
import { loadRuns, noteFor, setNote } from '../../panels/ai/aiStore.ts';
import type { LabelmapLayer } from './labelmapLayer.ts';

/** The file name of the edited volume in its upload batch (main/services/maskEdit/saveMaskEdit.ts). */
const UPLOAD_NAME = 'labels';

export async function saveLabelmapEdit(layer: LabelmapLayer): Promise<MaskEdit> {
  const edited = layer.editedLabels();
  if (!edited) throw new Error('No mask is being edited.');
  const { mask, labels } = edited;
  const client = precis();
  const batchId = crypto.randomUUID();
  if (client.uploadFile) await client.uploadFile({ batchId, relativePath: UPLOAD_NAME, file: new Blob([labels as Uint8Array<ArrayBuffer>]) });
  else await client.import.stageFile({ batchId, relativePath: UPLOAD_NAME, bytes: labels });
  const note = noteFor(mask.runId);
  const edit = await client.inference.saveEdit({ caseId: mask.caseId, runId: mask.runId, batchId, ...(note ? { note } : {}) });
  layer.markSaved(mask.runId, labels);
  setNote(mask.runId, '');
  await loadRuns(mask.caseId);
  return edit;
}
