// The model runs' masks over one viewport, as Cornerstone3D labelmap segmentations, one per run. On a
// stack (show): id `run-<runId>`, one labelmap image per slice derived from the viewer's own image (so it
// lies on that image's grid and follows it as the user scrolls). On an MPR plane (showOnVolume): the
// labelmap volumes the three planes share (mprLabelmaps.ts). Segment colours from the model's manifest,
// and one visibility and opacity for all of this viewport's runs. Late answers of an earlier series are
// dropped by a token (loadToken, as the controllers do); `state` is what tests wait on.
import { cache, imageLoader, type Types } from '@cornerstonejs/core';
import { Enums as ToolEnums, segmentation } from '@cornerstonejs/tools';
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { MaskLabel, RunMask } from '../../../../preload/api.ts';
import { parsePrecisImageId } from '../imageIds.ts';
import { maskBytes, masksOfSeries } from './maskFetch.ts';
import { acquireMprLabelmaps, releaseMprLabelmaps } from './mprLabelmaps.ts';

export interface LabelmapState {
  state: 'none' | 'loading' | 'shown' | 'error';
  message: string | null;
  runs: Array<{ runId: string; model: RunMask['model']; labels: MaskLabel[] }>;
  visible: boolean;
  /** Fill opacity, 0..1. */
  opacity: number;
  /** The run whose mask the brush and eraser change (the newest on a stack; null on an MPR plane). */
  editRunId: string | null;
  /** The label value the brush paints. */
  paintLabel: number | null;
}

const initial: LabelmapState = { state: 'none', message: null, runs: [], visible: true, opacity: 0.5, editRunId: null, paintLabel: null };

/** What editing a stack's run needs: its header, its label bytes as last saved, and its labelmap image per mask slice. */
interface EditableRun {
  mask: RunMask;
  bytes: Uint8Array;
  slices: Array<{ k: number; imageId: string }>;
}
const LABELMAP = ToolEnums.SegmentationRepresentations.Labelmap;

/** Colour table indexed by label value: the manifest's colours, opaque (opacity is the style's fillAlpha). */
function colourTable(labels: readonly MaskLabel[]): Types.ColorLUT {
  const table: Types.ColorLUT = Array.from({ length: 256 }, () => [0, 0, 0, 0] as Types.Color);
  for (const l of labels) table[l.value] = [l.color[0], l.color[1], l.color[2], 255];
  return table;
}

export class LabelmapLayer {
  readonly store: UseBoundStore<StoreApi<LabelmapState>> = create<LabelmapState>(() => ({ ...initial }));
  private readonly viewportId: string;
  private segmentationIds: string[] = [];
  private derivedImageIds: string[] = [];
  /** The shared MPR labelmaps this viewport holds (mprLabelmaps.ts), or null. */
  private sharedKey: string | null = null;
  private shownSegmentationIds: string[] = [];
  private token = 0;
  private abort: AbortController | null = null;
  private readonly editable = new Map<string, EditableRun>();

  constructor(viewportId: string) {
    this.viewportId = viewportId;
  }

  /** Shows the masks of the series' done runs over `imageIds` (the viewport's stack), replacing any shown. */
  async show(caseId: string, SeriesInstanceUID: string, imageIds: readonly string[]): Promise<void> {
    this.clear();
    const token = this.token;
    const abort = (this.abort = new AbortController());
    try {
      const masks = await masksOfSeries(caseId, SeriesInstanceUID, abort.signal);
      if (token !== this.token || masks.length === 0) return;
      this.store.setState({ state: 'loading', runs: masks.map((m) => ({ runId: m.runId, model: m.model, labels: m.labels })) });
      for (const mask of masks) {
        const bytes = await maskBytes(mask, abort.signal);
        if (token !== this.token) return;
        this.addRun(mask, bytes, imageIds);
      }
      this.applyStyle();
      const newest = masks.at(-1);
      const editRunId = newest && this.editable.has(newest.runId) ? newest.runId : null;
      this.store.setState({ state: 'shown', message: null, editRunId, paintLabel: newest?.labels[0]?.value ?? null });
    } catch (error) {
      if (token === this.token) this.store.setState({ state: 'error', message: `The AI masks cannot be shown: ${(error as Error).message}.` });
    }
  }

  /** Makes the edited run's segmentation the one the brush paints, its segments unlocked, the chosen label active. */
  prepareEdit(): void {
    const { editRunId, paintLabel } = this.store.getState();
    const run = editRunId ? this.editable.get(editRunId) : undefined;
    if (!run || paintLabel === null) return;
    const segmentationId = `run-${run.mask.runId}`;
    segmentation.activeSegmentation.setActiveSegmentation(this.viewportId, segmentationId);
    for (const l of run.mask.labels) segmentation.segmentLocking.setSegmentIndexLocked(segmentationId, l.value, false);
    segmentation.segmentIndex.setActiveSegmentIndex(segmentationId, paintLabel);
  }

  choosePaintLabel(value: number): void {
    this.store.setState({ paintLabel: value });
    this.prepareEdit();
  }

  /** The edited run's whole label volume as the viewer now holds it: each slice's labelmap image, else the saved bytes. */
  editedLabels(): { mask: RunMask; labels: Uint8Array } | null {
    const editRunId = this.store.getState().editRunId;
    const run = editRunId ? this.editable.get(editRunId) : undefined;
    if (!run) return null;
    const [columns, rows] = run.mask.geometry.dims;
    const plane = columns * rows;
    const labels = run.bytes.slice();
    for (const { k, imageId } of run.slices) {
      const image = cache.getImage(imageId);
      const data = (image?.voxelManager?.getScalarData() ?? image?.getPixelData()) as ArrayLike<number> | undefined;
      if (data && data.length === plane) labels.set(data, k * plane);
    }
    return { mask: run.mask, labels };
  }

  /** After a save: the saved labels are what the next edit starts from. */
  markSaved(runId: string, labels: Uint8Array): void {
    const run = this.editable.get(runId);
    if (run) run.bytes = labels;
  }

  /** Shows the masks of the series' done runs over an MPR plane showing `volume`, replacing any shown. */
  async showOnVolume(volume: Types.IImageVolume, caseId: string, SeriesInstanceUID: string): Promise<void> {
    this.clear();
    const token = this.token;
    const { key, ready } = acquireMprLabelmaps(volume, caseId, SeriesInstanceUID);
    this.sharedKey = key;
    try {
      const shared = await ready;
      if (token !== this.token || shared.runs.length === 0) return;
      for (const { segmentationId, mask } of shared.runs) {
        segmentation.addLabelmapRepresentationToViewport(this.viewportId, [{ segmentationId, config: { colorLUTOrIndex: colourTable(mask.labels) } }]);
        this.shownSegmentationIds.push(segmentationId);
      }
      this.store.setState({ runs: shared.runs.map(({ mask: m }) => ({ runId: m.runId, model: m.model, labels: m.labels })) });
      this.applyStyle();
      this.store.setState({ state: 'shown', message: null });
    } catch (error) {
      if (token === this.token) this.store.setState({ state: 'error', message: `The AI masks cannot be shown: ${(error as Error).message}.` });
    }
  }

  /** One segmentation for a run: slice k of the mask goes on the image whose SOP Instance UID is the grid's k-th. */
  private addRun(mask: RunMask, bytes: Uint8Array, imageIds: readonly string[]): void {
    const [columns, rows] = mask.geometry.dims;
    const plane = columns * rows;
    const sliceOf = new Map(mask.geometry.SOPInstanceUIDs.map((sop, k) => [sop, k]));
    const labelmapIds: string[] = [];
    const slices: EditableRun['slices'] = [];
    for (const imageId of imageIds) {
      const ref = parsePrecisImageId(imageId);
      const k = ref && ref.frame === 1 ? sliceOf.get(ref.sop) : undefined;
      if (k === undefined) continue;
      const derivedId = `precis-mask:${mask.runId}/${k}`;
      const image = imageLoader.createAndCacheDerivedLabelmapImage(imageId, { imageId: derivedId });
      const slice = bytes.subarray(k * plane, (k + 1) * plane);
      // Copied into the image's own array: its voxel manager reads and writes that array (the brush does),
      // while setScalarData would only swap what getScalarData returns (VoxelManager in core 5.14).
      if (image.voxelManager) image.voxelManager.setFromScalarData(slice);
      else (image.getPixelData() as Uint8Array).set(slice);
      labelmapIds.push(derivedId);
      slices.push({ k, imageId: derivedId });
    }
    if (labelmapIds.length === 0) return;
    this.editable.set(mask.runId, { mask, bytes, slices });
    const segmentationId = `run-${mask.runId}`;
    const segments = Object.fromEntries(mask.labels.map((l) => [l.value, { segmentIndex: l.value, label: l.name, locked: true, active: false, cachedStats: {} }]));
    segmentation.addSegmentations([{ segmentationId, representation: { type: LABELMAP, data: { imageIds: labelmapIds } }, config: { label: `${mask.model.id} ${mask.model.version}`, segments } }]);
    segmentation.addLabelmapRepresentationToViewport(this.viewportId, [{ segmentationId, config: { colorLUTOrIndex: colourTable(mask.labels) } }]);
    this.segmentationIds.push(segmentationId);
    this.shownSegmentationIds.push(segmentationId);
    this.derivedImageIds.push(...labelmapIds);
  }

  private applyStyle(): void {
    const { visible, opacity } = this.store.getState();
    for (const segmentationId of this.shownSegmentationIds) {
      // Every run's mask is drawn the same, whichever segmentation Cornerstone holds as active.
      segmentation.config.style.setStyle({ viewportId: this.viewportId, segmentationId, type: LABELMAP }, { fillAlpha: opacity, fillAlphaInactive: opacity, renderOutline: false, renderOutlineInactive: false });
      segmentation.config.visibility.setSegmentationRepresentationVisibility(this.viewportId, { segmentationId, type: LABELMAP }, visible);
    }
  }

  setVisible(visible: boolean): void {
    this.store.setState({ visible });
    this.applyStyle();
  }

  setOpacity(opacity: number): void {
    this.store.setState({ opacity: Math.min(1, Math.max(0, opacity)) });
    this.applyStyle();
  }

  /** Removes the shown masks and their labelmap images; answers still on their way are dropped. */
  clear(): void {
    this.token++;
    this.abort?.abort();
    this.abort = null;
    for (const segmentationId of this.shownSegmentationIds) segmentation.removeSegmentationRepresentations(this.viewportId, { segmentationId });
    for (const segmentationId of this.segmentationIds) segmentation.removeSegmentation(segmentationId);
    if (this.sharedKey) releaseMprLabelmaps(this.sharedKey);
    this.sharedKey = null;
    this.shownSegmentationIds = [];
    for (const id of this.derivedImageIds) cache.removeImageLoadObject(id, { force: true });
    this.segmentationIds = [];
    this.derivedImageIds = [];
    this.editable.clear();
    const { visible, opacity } = this.store.getState();
    this.store.setState({ ...initial, visible, opacity });
  }
}
