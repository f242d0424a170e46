// Keeps what readers draw in the case file: a new or changed annotation is saved (a drag saves once it
// rests), a removed one deleted; opening a case puts its stored annotations back on their images.
// Cornerstone3D's annotation events are the one source; the Measurements panel reads useAnnotations.
import { eventTarget, getRenderingEngines, utilities as coreUtilities } from '@cornerstonejs/core';
import { annotation as csAnnotation, Enums as ToolEnums, utilities as toolUtilities } from '@cornerstonejs/tools';
import { create } from 'zustand';
import type { AnnotationRecord } from '../../../preload/api.ts';
import { precis } from '../api/client.ts';
import { instanceOf } from '../viewer/instanceIndex.ts';
import { useApp } from '../state/store.ts';
import { ANNOTATION_TOOL_NAMES } from './annotationTools.ts';
import { annotationOf, inputOf, type ToolAnnotation } from './annotationRecords.ts';

export interface AnnotationsState {
  caseId: string | null;
  records: AnnotationRecord[];
  /** A save or a load that failed, in words; null when all is kept. */
  error: string | null;
}

export const useAnnotations = create<AnnotationsState>(() => ({ caseId: null, records: [], error: null }));

/** A drag fires a change per mouse move: save once the annotation has rested this long. */
const SAVE_DELAY_MS = 250;
const timers = new Map<string, ReturnType<typeof setTimeout>>();
/** What was last saved (or loaded) of each annotation, without its statistics: a change of geometry or
 *  label is saved; statistics computed again for an unchanged annotation (each time it is shown) are not. */
const lastShape = new Map<string, string>();
/** The statistics last saved of annotations drawn or changed on this page: Cornerstone computes them a
 *  moment after the mouse stops (throttled), so the values that arrive later are saved too. */
const lastStats = new Map<string, string>();

const seriesOf = (caseId: string, sop: string): string | null => instanceOf(caseId, sop)?.SeriesInstanceUID ?? null;

function shapeKey(input: { points: unknown; geometry: unknown; label: string }): string {
  return JSON.stringify([input.points, input.geometry, input.label]);
}

function upsert(record: AnnotationRecord): void {
  const { records } = useAnnotations.getState();
  const at = records.findIndex((r) => r.annotationUID === record.annotationUID);
  const next = at < 0 ? [...records, record] : records.map((r, i) => (i === at ? record : r));
  useAnnotations.setState({ records: next, error: null });
}

async function save(annotation: ToolAnnotation, isNew: boolean): Promise<void> {
  // Drawn on an MPR plane (no image): the planes show the open series.
  const open = useApp.getState().open;
  const made = inputOf(annotation, seriesOf, open ? { caseId: open.patient.caseId, SeriesInstanceUID: open.series.SeriesInstanceUID } : null);
  if (!made || made.caseId !== useAnnotations.getState().caseId) return;
  const uid = made.input.annotationUID;
  const shape = shapeKey(made.input);
  const stats = JSON.stringify(made.input.stats);
  const shapeChanged = lastShape.get(uid) !== shape;
  // Restored and only looked at: no stats entry, nothing saved. Drawn or changed here: new values are.
  const statsChanged = lastStats.has(uid) && lastStats.get(uid) !== stats;
  if (!isNew && !shapeChanged && !statsChanged) return;
  lastShape.set(uid, shape);
  lastStats.set(uid, stats);
  try {
    upsert(await precis().annotations.save({ caseId: made.caseId, annotation: made.input }));
  } catch (error) {
    lastShape.delete(uid);
    lastStats.delete(uid);
    useAnnotations.setState({ error: `This measurement could not be saved: ${(error as Error).message}` });
  }
}

function schedule(annotation: ToolAnnotation, isNew: boolean): void {
  const uid = annotation.annotationUID;
  if (!uid || !ANNOTATION_TOOL_NAMES.has(annotation.metadata.toolName)) return;
  clearTimeout(timers.get(uid));
  timers.set(uid, setTimeout(() => {
    timers.delete(uid);
    void save(annotation, isNew);
  }, isNew ? 0 : SAVE_DELAY_MS));
}

async function removed(annotation: ToolAnnotation): Promise<void> {
  const uid = annotation.annotationUID;
  const { caseId, records } = useAnnotations.getState();
  if (!uid || !caseId || !records.some((r) => r.annotationUID === uid)) return;
  clearTimeout(timers.get(uid));
  lastShape.delete(uid);
  lastStats.delete(uid);
  useAnnotations.setState({ records: records.filter((r) => r.annotationUID !== uid) });
  try {
    await precis().annotations.delete({ caseId, annotationUID: uid });
  } catch (error) {
    useAnnotations.setState({ error: `This measurement could not be removed: ${(error as Error).message}` });
  }
}

type AnnotationEvent = CustomEvent<{ annotation: ToolAnnotation }>;

let listening = false;
/** Starts following Cornerstone's annotation events (once per page). */
export function followAnnotationEvents(): void {
  if (listening) return;
  listening = true;
  const { Events } = ToolEnums;
  eventTarget.addEventListener(Events.ANNOTATION_COMPLETED, (e: Event) => schedule((e as AnnotationEvent).detail.annotation, true));
  eventTarget.addEventListener(Events.ANNOTATION_MODIFIED, (e: Event) => {
    const { annotation } = (e as AnnotationEvent).detail;
    // Only annotations already kept: one still being drawn is saved when it is completed.
    if (annotation.annotationUID && lastShape.has(annotation.annotationUID)) schedule(annotation, false);
  });
  eventTarget.addEventListener(Events.ANNOTATION_REMOVED, (e: Event) => void removed((e as AnnotationEvent).detail.annotation));
}

function renderAll(): void {
  for (const engine of getRenderingEngines() ?? []) toolUtilities.triggerAnnotationRenderForViewportIds(engine.getViewports().map((v) => v.id));
}

/** Shows the stored annotations of `caseId` (and none of the previous case). */
export async function showCaseAnnotations(caseId: string): Promise<void> {
  const previous = useAnnotations.getState();
  if (previous.caseId === caseId) return;
  for (const record of previous.records) {
    lastShape.delete(record.annotationUID);
    lastStats.delete(record.annotationUID);
    csAnnotation.state.removeAnnotation(record.annotationUID);
  }
  useAnnotations.setState({ caseId, records: [], error: null });
  let records: AnnotationRecord[];
  try {
    records = await precis().annotations.list({ caseId });
  } catch (error) {
    useAnnotations.setState({ error: `The measurements of this case could not be read: ${(error as Error).message}` });
    return;
  }
  if (useAnnotations.getState().caseId !== caseId) return;
  for (const record of records) {
    const restored = annotationOf(record, caseId);
    if (!restored?.metadata.FrameOfReferenceUID) continue;
    lastShape.set(record.annotationUID, shapeKey(record));
    csAnnotation.state.addAnnotation(restored as never, restored.metadata.FrameOfReferenceUID);
  }
  useAnnotations.setState({ records });
  renderAll();
}

/** After undo or redo: the case keeps what Cornerstone now shows of it (saved, changed or removed). */
export function reconcileAnnotations(): void {
  const { caseId, records } = useAnnotations.getState();
  if (!caseId) return;
  const shown = new Set<string>();
  for (const annotation of csAnnotation.state.getAllAnnotations() as unknown as ToolAnnotation[]) {
    // Drawn on an MPR plane (no image): the planes show the open series.
  const open = useApp.getState().open;
  const made = inputOf(annotation, seriesOf, open ? { caseId: open.patient.caseId, SeriesInstanceUID: open.series.SeriesInstanceUID } : null);
    if (!made || made.caseId !== caseId || !ANNOTATION_TOOL_NAMES.has(made.input.tool)) continue;
    shown.add(made.input.annotationUID);
    if (lastShape.get(made.input.annotationUID) !== shapeKey(made.input)) void save(annotation, true);
  }
  for (const record of records) if (!shown.has(record.annotationUID)) void removed({ annotationUID: record.annotationUID, metadata: { toolName: record.tool }, data: {} });
  renderAll();
}

/** Makes an annotation a finding (a lesion), changes it, or (null) makes it a plain measurement again. */
export async function setFinding(annotationUID: string, finding: AnnotationRecord['finding']): Promise<void> {
  const { caseId } = useAnnotations.getState();
  if (!caseId) return;
  try {
    upsert(await precis().annotations.setFinding({ caseId, annotationUID, finding }));
  } catch (error) {
    useAnnotations.setState({ error: `This finding could not be saved: ${(error as Error).message}` });
  }
}

/** Cornerstone's own history of annotation edits, then the case made to match. */
export function undoAnnotationChange(which: 'undo' | 'redo'): void {
  const memo = coreUtilities.HistoryMemo.DefaultHistoryMemo;
  if (which === 'undo') memo.undo();
  else memo.redo();
  reconcileAnnotations();
}

/** Removes an annotation from the screen; Cornerstone's removal event deletes it from the case. */
export function deleteAnnotation(annotationUID: string): void {
  csAnnotation.state.removeAnnotation(annotationUID);
  renderAll();
}

/** Removes the selected annotations (Delete key). */
export function deleteSelectedAnnotations(): void {
  for (const uid of csAnnotation.selection.getAnnotationsSelected()) csAnnotation.state.removeAnnotation(uid);
  renderAll();
}
