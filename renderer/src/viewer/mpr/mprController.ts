// One plane of the MPR layout (axial, sagittal or coronal): a Cornerstone3D ORTHOGRAPHIC viewport on
// the volume the three planes share (mprVolume.ts), linked by crosshairs and one window (mprTools.ts).
// "Image n/N" counts the plane's slices from the viewer's side (planeSlices.ts). A series that cannot
// form an exact volume is refused with the sentence buildVolume gives, and stays a stack in the fourth view.
import { Enums, getRenderingEngine, type Types } from '@cornerstonejs/core';
import type { InstanceSummary } from '../../../../preload/api.ts';
import { cornerstoneReady, RENDERING_ENGINE_ID } from '../cornerstone.ts';
import { followElementSize } from '../elementSize.ts';
import { voiRangeOf, type WindowPreset } from '../presets.ts';
import type { ViewportController } from '../ViewportController.ts';
import { mirrorDisplayState } from '../displayState.ts';
import { createViewerStore, initialViewerState, type ViewerStore } from '../viewerStore.ts';
import { joinMpr, leaveMpr, SLAB_BLEND, type SlabMode } from './mprTools.ts';
import { acquireMprVolume, releaseMprVolume } from './mprVolume.ts';
import { useSlab } from './slab.ts';
import { LabelmapLayer } from '../labelmaps/labelmapLayer.ts';
import { distanceToSlice, planeFrameOf, planeIndexOf, type PlaneFrame } from './planeSlices.ts';

export type MprOrientation = 'axial' | 'sagittal' | 'coronal';

const AXIS: Record<MprOrientation, Enums.OrientationAxis> = {
  axial: Enums.OrientationAxis.AXIAL,
  sagittal: Enums.OrientationAxis.SAGITTAL,
  coronal: Enums.OrientationAxis.CORONAL,
};

/**
 * Each plane's screen axes (right, then down) in patient coordinates, as Cornerstone3D's orientation
 * presets place the camera: axial seen from the feet, sagittal from the patient's left, coronal from the front.
 */
export const PLANE_SCREEN_AXES: Record<MprOrientation, readonly number[]> = {
  axial: [1, 0, 0, 0, 1, 0],
  sagittal: [0, 1, 0, 0, 0, -1],
  coronal: [1, 0, 0, 0, 0, -1],
};

export class MprController implements ViewportController {
  readonly kind = 'volume';
  readonly viewportId: string;
  readonly orientation: MprOrientation;
  readonly store: ViewerStore = createViewerStore();
  private viewport: Types.IVolumeViewport | null = null;
  private element: HTMLDivElement | null = null;
  private attached: { element: HTMLDivElement; ready: Promise<void> } | null = null;
  private stopFollowing: (() => void) | null = null;
  private volumeKey: string | null = null;
  private volume: Types.IImageVolume | null = null;
  private frame: PlaneFrame | null = null;
  private joined = false;
  private generation = 0;

  /** The AI masks of the open series' runs, as labelmaps over this plane. */
  readonly labelmaps: LabelmapLayer;

  constructor(viewportId: string, orientation: MprOrientation) {
    this.viewportId = viewportId;
    this.labelmaps = new LabelmapLayer(viewportId);
    this.orientation = orientation;
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
      defaultOptions: { background: [0, 0, 0], orientation: AXIS[this.orientation] },
    });
    this.stopFollowing = followElementSize(engine, element);
    this.viewport = engine.getViewport(this.viewportId) as Types.IVolumeViewport;
    element.addEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
    element.addEventListener(Enums.Events.VOI_MODIFIED, this.syncProperties);
    element.addEventListener(Enums.Events.CAMERA_MODIFIED, this.onCamera);
  }

  private readonly onRendered = (): void => {
    const state = this.store.getState();
    if (this.frame && state.renderState === 'loading') this.store.setState({ renderState: 'rendered', message: null });
    this.syncProperties();
  };

  /** The wheel, the crosshairs or another plane moved the camera: follow its slice. */
  private readonly onCamera = (): void => {
    const index = this.currentIndex();
    if (index !== null && index !== this.store.getState().index) this.store.setState({ index, renderState: 'loading' });
    this.syncProperties();
  };

  private readonly syncProperties = (): void => {
    if (this.viewport && this.volume) mirrorDisplayState(this.viewport, this.store);
  };

  private currentIndex(): number | null {
    const { viewport: vp, frame } = this;
    if (!vp || !frame) return null;
    return planeIndexOf(frame, vp.getCamera().focalPoint ?? [0, 0, 0]);
  }

  async load(instances: InstanceSummary[]): Promise<void> {
    this.unload();
    const generation = ++this.generation;
    const vp = this.viewport;
    this.store.setState({ ...initialViewerState, renderState: 'loading', total: instances.filter((i) => i.displayable).length });
    const { key, ready } = acquireMprVolume(instances);
    this.volumeKey = key;
    try {
      const built = await ready;
      if (generation !== this.generation || !vp) return;
      if (!built.ok) {
        this.store.setState({ renderState: 'unsupported', message: built.reason, total: 0 });
        return;
      }
      this.volume = built.volume;
      await vp.setVolumes([{ volumeId: built.volume.volumeId }]);
      if (generation !== this.generation) return;
      vp.resetCamera();
      const camera = vp.getCamera();
      this.frame = planeFrameOf(built.volume, camera.viewPlaneNormal ?? [0, 0, 1]);
      this.store.setState({ total: this.frame.count, index: this.currentIndex() ?? 0, renderState: 'loading' });
      joinMpr(this.viewportId);
      this.joined = true;
      const slab = useSlab.getState();
      if (slab.thickness > 0) this.setSlab(slab.thickness, slab.mode);
      vp.render();
      const first = instances[0];
      if (first) void this.labelmaps.showOnVolume(built.volume, first.caseId, first.SeriesInstanceUID);
    } catch (error) {
      if (generation !== this.generation) return;
      const text = error instanceof Error ? error.message : String((error as { message?: string })?.message ?? error);
      this.store.setState({ renderState: 'error', message: `This volume cannot be shown: ${text}.` });
    }
  }

  private moveTo(index: number): void {
    const { viewport: vp, frame } = this;
    if (!vp || !frame) return;
    const camera = vp.getCamera();
    const focal = camera.focalPoint ?? [0, 0, 0];
    const d = distanceToSlice(frame, focal, index);
    const shift = (p: readonly number[]): Types.Point3 => [0, 1, 2].map((k) => (p[k] ?? 0) + d * (frame.normal[k] ?? 0)) as Types.Point3;
    vp.setCamera({ focalPoint: shift(focal), position: shift(camera.position ?? [0, 0, 0]) });
    vp.render();
  }

  setIndex(index: number): void {
    const total = this.frame?.count ?? 0;
    if (total === 0) return;
    const clamped = Math.min(total - 1, Math.max(0, index));
    if (clamped === this.store.getState().index) return;
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
    vp.resetProperties();
    vp.resetCamera();
    this.store.setState({ activePreset: null });
    vp.render();
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

  /** No cine through a reformatted plane: scroll or move the crosshairs. */
  toggleCine(): void {}

  /** Thickness in mm (0 or less: one voxel layer) and how the slab's voxels combine. */
  setSlab(thickness: number, mode: SlabMode): void {
    const vp = this.viewport;
    if (!vp || !this.volume) return;
    const thick = thickness > 0 && mode !== 'composite';
    vp.setBlendMode(thick ? SLAB_BLEND[mode] : SLAB_BLEND.composite);
    vp.setSlabThickness(thick ? thickness : 0.1);
    vp.render();
  }

  /** A reformatted plane has no image of its own. */
  imageIds(): readonly string[] {
    return [];
  }

  /** The camera, for diagnostics and the crosshairs test. */
  camera(): { focalPoint: number[]; viewPlaneNormal: number[]; slabThickness: number; blendMode: number } | null {
    const vp = this.viewport;
    if (!vp || !this.volume) return null;
    const c = vp.getCamera();
    return { focalPoint: [...(c.focalPoint ?? [])], viewPlaneNormal: [...(c.viewPlaneNormal ?? [])], slabThickness: vp.getSlabThickness(), blendMode: vp.getBlendMode() };
  }

  /** The patient point (mm) under a canvas point (CSS pixels). */
  worldAt(x: number, y: number): number[] | null {
    return this.viewport && this.volume ? [...this.viewport.canvasToWorld([x, y])] : null;
  }

  private unload(): void {
    this.generation++;
    this.labelmaps.clear();
    if (this.joined) leaveMpr(this.viewportId);
    this.joined = false;
    const hadVolume = this.volume !== null;
    this.volume = null;
    this.frame = null;
    if (hadVolume) this.viewport?.removeAllActors?.();
    if (this.volumeKey) releaseMprVolume(this.volumeKey);
    this.volumeKey = null;
  }

  dispose(): void {
    const { element } = this;
    if (element) {
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
      element.removeEventListener(Enums.Events.VOI_MODIFIED, this.syncProperties);
      element.removeEventListener(Enums.Events.CAMERA_MODIFIED, this.onCamera);
    }
    this.stopFollowing?.();
    this.unload();
    if (this.viewport) getRenderingEngine(RENDERING_ENGINE_ID)?.disableElement(this.viewportId);
    this.viewport = null;
    this.element = null;
    this.attached = null;
    this.stopFollowing = null;
    this.store.setState({ ...initialViewerState });
  }
}
