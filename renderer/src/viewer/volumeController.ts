// Drives one Cornerstone3D ORTHOGRAPHIC volume viewport showing a series in its acquisition plane
// (axial for an axial CT): the same actions as the stack viewport (ViewportController), with the slice
// index as "image". The series is checked first (volumeLoad.ts) and refused with a sentence when it
// cannot be shown exactly as a volume; all slices load before it is shown.
import { Enums, getRenderingEngine, type Types } from '@cornerstonejs/core';
import { ToolGroupManager } from '@cornerstonejs/tools';
import type { InstanceSummary } from '../../../preload/api.ts';
import { cornerstoneReady, RENDERING_ENGINE_ID, TOOL_GROUP_ID } from './cornerstone.ts';
import { voiRangeOf, type WindowPreset } from './presets.ts';
import type { ViewportController } from './ViewportController.ts';
import { mirrorDisplayState } from './displayState.ts';
import { createViewerStore, initialViewerState, type ViewerStore } from './viewerStore.ts';
import { followElementSize } from './elementSize.ts';
import { buildVolume, loadSlices, releaseVolume } from './volumeLoad.ts';
import { movedToSlice, sliceAt, volumeSliceOf, type SliceFrame } from './volumeSlices.ts';

/** Slices a second while cine plays (as the stack). */
const CINE_FPS = 12;

export class VolumeController implements ViewportController {
  readonly kind = 'volume';
  readonly viewportId: string;
  readonly store: ViewerStore = createViewerStore();
  private viewport: Types.IVolumeViewport | null = null;
  private element: HTMLDivElement | null = null;
  private attached: { element: HTMLDivElement; ready: Promise<void> } | null = null;
  private stopFollowing: (() => void) | null = null;
  private toolsAdded = false;
  private volume: Types.IImageVolume | null = null;
  private frame: SliceFrame | null = null;
  /** Display index k shows volume slice count-1-k (volumeSlices.ts). */
  private reversed = false;
  private sliceIds: string[] = [];
  private loading: AbortController | null = null;
  private cineTimer: ReturnType<typeof setInterval> | null = null;
  /** Where a new series opens (the stack's image when the user switched views). */
  private startIndex: number;

  constructor(viewportId: string, startIndex = 0) {
    this.viewportId = viewportId;
    this.startIndex = startIndex;
  }

  attach(element: HTMLDivElement): Promise<void> {
    if (this.attached?.element !== element) this.attached = { element, ready: this.enable(element) };
    return this.attached.ready;
  }

  private async enable(element: HTMLDivElement): Promise<void> {
    const engine = await cornerstoneReady();
    this.element = element;
    engine.enableElement({
      viewportId: this.viewportId, type: Enums.ViewportType.ORTHOGRAPHIC, element,
      defaultOptions: { background: [0, 0, 0], orientation: Enums.OrientationAxis.ACQUISITION },
    });
    this.stopFollowing = followElementSize(engine, element);
    this.viewport = engine.getViewport(this.viewportId) as Types.IVolumeViewport;
    element.addEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
    element.addEventListener(Enums.Events.VOI_MODIFIED, this.syncProperties);
    element.addEventListener(Enums.Events.CAMERA_MODIFIED, this.onCamera);
  }

  private readonly onRendered = (): void => {
    const state = this.store.getState();
    if (this.volume && this.frame && state.renderState === 'loading' && this.currentIndex() === state.index) {
      this.store.setState({ renderState: 'rendered', message: null });
    }
    this.syncProperties();
  };

  /** A wheel scroll (StackScrollTool) or a pan/zoom moved the camera: follow its slice. */
  private readonly onCamera = (): void => {
    const index = this.currentIndex();
    if (index !== null && index !== this.store.getState().index) this.store.setState({ index, renderState: 'loading' });
    this.syncProperties();
  };

  private readonly syncProperties = (): void => {
    if (this.viewport && this.volume) mirrorDisplayState(this.viewport, this.store);
  };

  /** The display index of the slice on screen, or null before a volume is shown. */
  private currentIndex(): number | null {
    const { viewport: vp, frame } = this;
    if (!vp || !frame) return null;
    return volumeSliceOf(sliceAt(frame, vp.getCamera().focalPoint ?? [0, 0, 0]), frame.count, this.reversed);
  }

  async load(instances: InstanceSummary[]): Promise<void> {
    this.unload();
    const abort = new AbortController();
    this.loading = abort;
    const vp = this.viewport;
    this.store.setState({ ...initialViewerState, renderState: 'loading', total: instances.filter((i) => i.displayable).length });
    try {
      const built = await buildVolume(instances);
      if (abort.signal.aborted) return;
      if (!built.ok) {
        this.store.setState({ renderState: 'unsupported', message: built.reason, total: 0 });
        return;
      }
      this.volume = built.volume;
      const slices = await loadSlices(built.volume, abort.signal);
      if (!slices || abort.signal.aborted || !vp) return;
      if (slices.loaded < slices.total) throw new Error(`${slices.total - slices.loaded} of its ${slices.total} slices could not be read`);
      await this.show(built.volume, instances, vp);
    } catch (error) {
      if (abort.signal.aborted) return;
      const text = error instanceof Error ? error.message : String((error as { message?: string })?.message ?? error);
      this.store.setState({ renderState: 'error', message: `This volume cannot be shown: ${text}.` });
    }
  }

  /** Puts the loaded volume in the viewport, in its acquisition plane, at the start index. */
  private async show(volume: Types.IImageVolume, instances: InstanceSummary[], vp: Types.IVolumeViewport): Promise<void> {
    const { origin, direction, spacing, dimensions, volumeId } = volume;
    const normal = [direction[6], direction[7], direction[8]];
    this.frame = { origin, normal, spacing: spacing[2], count: dimensions[2] };
    this.sliceIds = [...volume.imageIds];
    const along = (i?: InstanceSummary): number => (i?.ImagePositionPatient ?? []).reduce((s, c, k) => s + c * (normal[k] ?? 0), 0);
    const shown = instances.filter((i) => i.displayable);
    this.reversed = along(shown[0]) > along(shown[shown.length - 1]);
    if (this.reversed) this.sliceIds.reverse();
    if (!this.toolsAdded) {
      ToolGroupManager.getToolGroup(TOOL_GROUP_ID)?.addViewport(this.viewportId, RENDERING_ENGINE_ID);
      this.toolsAdded = true;
    }
    await vp.setVolumes([{ volumeId }]);
    // The acquisition plane as the stack shows it: looking along the slice normal, columns down the screen.
    vp.setCamera({ viewPlaneNormal: normal.map((x) => -(x ?? 0)) as Types.Point3, viewUp: [-direction[3], -direction[4], -direction[5]] });
    vp.resetCamera();
    const index = Math.min(this.frame.count - 1, Math.max(0, this.startIndex));
    this.store.setState({ total: this.frame.count, index, renderState: 'loading' });
    this.moveTo(index);
  }

  private moveTo(index: number): void {
    const { viewport: vp, frame } = this;
    const from = this.currentIndex();
    if (!vp || !frame || from === null) return;
    const camera = vp.getCamera();
    const [focalPoint, position] = movedToSlice(frame, [camera.focalPoint ?? [0, 0, 0], camera.position ?? [0, 0, 0]],
      volumeSliceOf(from, frame.count, this.reversed), volumeSliceOf(index, frame.count, this.reversed));
    vp.setCamera({ focalPoint, position });
    vp.render();
  }

  setIndex(index: number): void {
    const total = this.frame?.count ?? 0;
    if (total === 0) return;
    const clamped = Math.min(total - 1, Math.max(0, index));
    if (clamped === this.store.getState().index && this.store.getState().renderState === 'rendered') return;
    this.store.setState({ index: clamped, renderState: 'loading' });
    this.moveTo(clamped);
  }

  step(delta: number): void {
    this.setIndex(this.store.getState().index + delta);
  }

  applyPreset(preset: WindowPreset): void {
    this.viewport?.setProperties({ voiRange: voiRangeOf(preset.center, preset.width) });
    this.viewport?.render();
    this.store.setState({ activePreset: preset.name });
    this.syncProperties();
  }

  reset(): void {
    const vp = this.viewport;
    if (!vp || !this.volume) return;
    // resetCamera centres the volume (its middle slice): come back to the slice the user was on.
    const index = this.store.getState().index;
    vp.resetProperties();
    vp.resetCamera();
    this.store.setState({ activePreset: null });
    this.moveTo(index);
    this.syncProperties();
  }

  toggleInvert(): void {
    const vp = this.viewport;
    if (!vp || !this.volume) return;
    vp.setProperties({ invert: !vp.getProperties()?.invert });
    vp.render();
    this.syncProperties();
  }

  zoomBy(factor: number): void {
    const vp = this.viewport;
    if (!vp || !this.volume) return;
    vp.setZoom(vp.getZoom() * factor);
    vp.render();
  }

  toggleCine(): void {
    if (this.cineTimer) return this.stopCine();
    if ((this.frame?.count ?? 0) < 2) return;
    this.store.setState({ cine: true });
    this.cineTimer = setInterval(() => {
      const { index, total } = this.store.getState();
      this.setIndex((index + 1) % total);
    }, 1000 / CINE_FPS);
  }

  stopCine(): void {
    if (this.cineTimer) clearInterval(this.cineTimer);
    this.cineTimer = null;
    this.store.setState({ cine: false });
  }

  /** The slices' precis: ids in display order: imageIds()[n] is what "Image n+1" shows. */
  imageIds(): readonly string[] {
    return this.sliceIds;
  }

  /** The volume's voxel (HU for CT, after rescale) at column `i`, row `j` of display index `index`; for diagnostics. */
  voxelAt(index: number, i: number, j: number): { value: number; imageId: string; dataType: string } | null {
    const { volume, frame } = this;
    if (!volume?.voxelManager || !frame) return null;
    const value = volume.voxelManager.getAtIJK(i, j, volumeSliceOf(index, frame.count, this.reversed)) as number;
    return { value, imageId: this.sliceIds[index] ?? '', dataType: volume.dataType ?? 'unknown' };
  }

  /** Stops loading and cine, takes the volume off the viewport and out of Cornerstone's cache. */
  private unload(): void {
    this.loading?.abort();
    this.loading = null;
    this.stopCine();
    const volumeId = this.volume?.volumeId;
    this.volume = null;
    this.frame = null;
    this.sliceIds = [];
    if (!volumeId) return;
    // A volume viewport keeps its actor until another volume replaces it: take it off before freeing it.
    this.viewport?.removeAllActors?.();
    releaseVolume(volumeId);
  }

  dispose(): void {
    const { element } = this;
    if (element) {
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
      element.removeEventListener(Enums.Events.VOI_MODIFIED, this.syncProperties);
      element.removeEventListener(Enums.Events.CAMERA_MODIFIED, this.onCamera);
    }
    this.stopFollowing?.();
    if (this.toolsAdded) ToolGroupManager.getToolGroup(TOOL_GROUP_ID)?.removeViewports(RENDERING_ENGINE_ID, this.viewportId);
    if (this.viewport) getRenderingEngine(RENDERING_ENGINE_ID)?.disableElement(this.viewportId);
    this.viewport = null;
    this.unload();
    this.element = null;
    this.attached = null;
    this.stopFollowing = null;
    this.toolsAdded = false;
    this.store.setState({ ...initialViewerState });
  }
}
