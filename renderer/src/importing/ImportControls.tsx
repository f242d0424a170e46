import { useEffect, useRef, useState } from 'react';
import { setState } from '../state/store.ts';
import { filesFromDrop, uploadAndImport, type UploadProgress } from './uploadFiles.ts';

/** The import button (files or a folder) and drag-and-drop anywhere on the window. */
export function ImportControls({ onUpload }: { onUpload: (p: (UploadProgress & { cancel: () => void }) | null) => void }) {
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  const start = async (files: File[]): Promise<void> => {
    if (files.length === 0) return;
    const controller = new AbortController();
    const cancel = (): void => controller.abort();
    onUpload({ done: 0, total: files.length, cancel });
    try {
      // The job's progress and result reach the status bar as job events (events/followEvents.ts).
      await uploadAndImport(files, (p) => onUpload({ ...p, cancel }), controller.signal);
    } catch (error) {
      setState({ error: `Import failed: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      onUpload(null);
    }
  };

  useEffect(() => {
    const over = (e: DragEvent): void => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent): void => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent): void => {
      e.preventDefault();
      setDragging(false);
      if (e.dataTransfer) void filesFromDrop(e.dataTransfer.items).then(start);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  });

  const folderProps = { webkitdirectory: '', directory: '' } as Record<string, string>;
  return (
    <>
      <button data-testid="import-button" title="Import DICOM files (or drop files and folders on the window)" onClick={() => filesInput.current?.click()}>
        Import files
      </button>
      <button data-testid="import-folder-button" title="Import a folder and its subfolders" onClick={() => folderInput.current?.click()}>
        Import folder
      </button>
      <input
        ref={filesInput}
        data-testid="import-input"
        type="file"
        multiple
        hidden
        onChange={(e) => {
          void start([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      <input
        ref={folderInput}
        data-testid="import-folder-input"
        type="file"
        multiple
        hidden
        {...folderProps}
        onChange={(e) => {
          void start([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      {dragging && <div className="drop-overlay">Drop DICOM files or folders to import them</div>}
    </>
  );
}
