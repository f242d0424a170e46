// The brush and eraser controls beside a stack's mask controls: the label the brush paints (the run's own
// labels), brush, eraser, the brush radius in mm, and Save, which sends the edited mask to main to be
// measured again and kept as a new version (labelmapSave.ts). `data-edit-state` is what tests wait on.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { activateTool, DEFAULT_TOOL, useActiveTool } from '../../reading/toolState.ts';
import { TOOL_GROUP_ID } from '../cornerstone.ts';
import { LABELMAP_BRUSH, LABELMAP_ERASER, setBrushRadius, toggleEditTool, useBrushSize } from './labelmapEditing.ts';
import type { LabelmapLayer } from './labelmapLayer.ts';
import { saveLabelmapEdit } from './labelmapSave.ts';

type SaveState = { state: 'idle' | 'saving' | 'saved' | 'error'; message: string };

export function LabelmapEditControls({ layer }: { layer: LabelmapLayer }): React.JSX.Element | null {
  const s = useStore(layer.store);
  const tool = useActiveTool((t) => t.name);
  const radius = useBrushSize((b) => b.radiusMm);
  const [save, setSave] = useState<SaveState>({ state: 'idle', message: '' });
  // Masks gone (another series, another patient): the left button goes back to window/level, not to a brush with nothing to paint.
  useEffect(() => () => {
    const name = useActiveTool.getState().name;
    if (name === LABELMAP_BRUSH || name === LABELMAP_ERASER) activateTool(DEFAULT_TOOL);
  }, []);
  const run = s.runs.find((r) => r.runId === s.editRunId);
  if (!run || s.state !== 'shown') return null;
  const pick = (name: typeof LABELMAP_BRUSH | typeof LABELMAP_ERASER): void => {
    layer.prepareEdit();
    toggleEditTool(name, TOOL_GROUP_ID);
  };
  const onSave = async (): Promise<void> => {
    setSave({ state: 'saving', message: 'Saving…' });
    try {
      const edit = await saveLabelmapEdit(layer);
      setSave({ state: 'saved', message: `Saved by ${edit.editedBy}` });
    } catch (error) {
      setSave({ state: 'error', message: (error as Error).message });
    }
  };
  return (
    <span className="labelmap-edit" data-testid="labelmap-edit" data-edit-state={save.state}>
      <select data-testid="labelmap-label" aria-label="Label the brush paints" value={s.paintLabel ?? ''} onChange={(e) => layer.choosePaintLabel(Number(e.target.value))}>
        {run.labels.map((l) => <option key={l.value} value={l.value}>{l.name}</option>)}
      </select>
      <button type="button" data-testid="labelmap-brush" aria-pressed={tool === LABELMAP_BRUSH} title="Brush: paint the chosen label (left button)" onClick={() => pick(LABELMAP_BRUSH)}>Brush</button>
      <button type="button" data-testid="labelmap-eraser" aria-pressed={tool === LABELMAP_ERASER} title="Eraser: clear any label (left button)" onClick={() => pick(LABELMAP_ERASER)}>Eraser</button>
      <input type="range" data-testid="labelmap-brush-size" aria-label="Brush radius (mm)" title={`Brush radius ${radius} mm`} min={1} max={40} value={radius} onChange={(e) => setBrushRadius(Number(e.target.value), TOOL_GROUP_ID)} />
      <button type="button" data-testid="labelmap-save-edit" disabled={save.state === 'saving'} title="Save the edited mask: the numbers are recomputed; the model's original is kept" onClick={() => void onSave()}>Save edit</button>
      {save.state !== 'idle' && <span className={save.state === 'error' ? 'error' : 'muted'} role={save.state === 'error' ? 'alert' : undefined} data-testid="labelmap-edit-status">{save.message}</span>}
    </span>
  );
}
