// Import a model folder from the AI tab (issue 14, item 1): the folder picker, as for DICOM folders; its
// files go to main as an upload batch and are imported with the same checks as `precis models import DIR`
// (manifest schema, model.onnx against the manifest's sha256, external data inside the folder). A refusal
// is shown with its reason, which names the manifest field or the hash at fault.
import { useRef, useState } from 'react';
import { precis } from '../../api/client.ts';
import { stageOne } from '../../importing/uploadFiles.ts';
import { loadModels } from './aiStore.ts';

type Outcome = { ok: true; text: string } | { ok: false; text: string } | null;

async function importFolder(files: File[]): Promise<string> {
  const batchId = crypto.randomUUID();
  for (const file of files) {
    const relativePath = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
    await stageOne(batchId, relativePath, file);
  }
  const record = await precis().models.importStaged({ batchId });
  return `${record.again ? 'Already imported' : 'Imported'}: ${record.id} ${record.version} (model.onnx sha256 ${record.sha256.slice(0, 12)}…)`;
}

export function ModelImport() {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const onFiles = async (files: File[]): Promise<void> => {
    if (files.length === 0) return;
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ ok: true, text: await importFolder(files) });
      await loadModels();
    } catch (error) {
      setOutcome({ ok: false, text: `The model was not imported: ${(error as Error).message}` });
    } finally {
      setBusy(false);
    }
  };
  const folderProps = { webkitdirectory: '', directory: '' } as Record<string, string>;
  return (
    <div className="ai-model-import">
      <button data-testid="ai-model-import" disabled={busy} title="Import a model folder (model.onnx, manifest.json, MODEL_CARD.md): checked, copied, its sha256 recorded" onClick={() => input.current?.click()}>
        {busy ? 'Importing…' : 'Import model folder…'}
      </button>
      <input
        ref={input}
        data-testid="ai-model-import-input"
        type="file"
        multiple
        hidden
        {...folderProps}
        onChange={(e) => {
          void onFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      {outcome && (
        <p className={outcome.ok ? 'muted' : 'error'} role={outcome.ok ? 'status' : 'alert'} data-testid="ai-model-import-result" data-ok={String(outcome.ok)}>{outcome.text}</p>
      )}
    </div>
  );
}
