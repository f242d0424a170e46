// Files chosen in the browser (picker or drag-and-drop) have no paths the main process could read:
// they are staged one by one (streamed to the web host, encrypted as they arrive), then imported as
// one batch.
import { precis } from '../api/client.ts';

export interface UploadProgress {
  done: number;
  total: number;
}

/** The web host takes the file as a stream (any size); Electron's IPC takes its bytes. */
export async function stageOne(batchId: string, relativePath: string, file: File): Promise<void> {
  const client = precis();
  if (client.uploadFile) await client.uploadFile({ batchId, relativePath, file });
  else await client.import.stageFile({ batchId, relativePath, bytes: new Uint8Array(await file.arrayBuffer()) });
}

export async function uploadAndImport(files: File[], onProgress: (p: UploadProgress) => void, signal: AbortSignal): Promise<string | null> {
  const batchId = crypto.randomUUID();
  let done = 0;
  for (const file of files) {
    if (signal.aborted) return null;
    // Picked files may share a name (from different folders): each gets its own numbered folder.
    const relativePath = (file as File & { webkitRelativePath?: string }).webkitRelativePath || `files/${done}/${file.name}`;
    await stageOne(batchId, relativePath, file);
    onProgress({ done: ++done, total: files.length });
  }
  const { jobId } = await precis().import.startStaged({ batchId });
  return jobId;
}

/** Every file under the dropped items, folders included (recursively). */
export async function filesFromDrop(items: DataTransferItemList): Promise<File[]> {
  const files: File[] = [];
  const entries: FileSystemEntry[] = [];
  for (const item of [...items]) {
    if (item.kind !== 'file') continue;
    // Without a file-system entry (some drag sources), take the file itself.
    const entry = item.webkitGetAsEntry();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) files.push(file);
    }
  }
  const visit = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      files.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) await visit(child);
      }
    }
  };
  for (const entry of entries) await visit(entry);
  return files;
}
