// Drives one Cornerstone3D stack viewport: loading a series, scrolling, window/level, zoom, invert,
// cine. React only renders what this puts in the viewport's store.
import { Enums, eventTarget, getRenderingEngine, type Types } from '@cornerstonejs/core';
import { ToolGroupManager, utilities as toolUtilities } from '@cornerstonejs/tools';
import type { InstanceSummary } from '../../../preload/api.ts';
import { cornerstoneReady, RENDERING_ENGINE_ID, TOOL_GROUP_ID } from './cornerstone.ts';
import { imageIdsOf } from './imageIds.ts';
import { rememberInstances } from './instanceIndex.ts';
import { voiRangeOf, type WindowPreset } from './presets.ts';
import type { ViewportController } from './ViewportController.ts';
import { mirrorDisplayState } from './displayState.ts';
import { createViewerStore, initialViewerState, type ViewerStore } from './viewerStore.ts';
import { followElementSize } from './elementSize.ts';
import { LabelmapLayer } from './labelmaps/labelmapLayer.ts';

/** Images a second while cine plays. */
const CINE_FPS = 12;

export class StackController implements ViewportController {
  readonly kind = 'stack';
  readonly viewportId: string;
  readonly store: ViewerStore;
  /** The AI masks of the open series' runs, as labelmaps over this viewport. */
  readonly labelmaps: LabelmapLayer;
  private viewport: Types.IStackViewport | null = null;
  private element: HTMLDivElement | null = null;
  private cineTimer: ReturnType<typeof setInterval> | null = null;
  private imageIdList: string[] = [];
  private loadToken = 0;
  private prefetchPending = false;
  private stopFollowingSize: (() => void) | null = null;
  private attached: { element: HTMLDivElement; ready: Promise<void> } | null = null;
  private toolsAdded = false;

  constructor(viewportId: string, store: ViewerStore = createViewerStore()) {
    this.viewportId = viewportId;
    this.store = store;
    this.labelmaps = new LabelmapLayer(viewportId);
  }

  private readonly onRendered = (): void => {
    const vp = this.viewport;
    if (!vp) return;
    const state = this.store.getState();
    // "Rendered" means the image the user asked for is on screen, not just any image; a render of the
    // empty viewport (a resize) leaves "error" and "unsupported" as they are.
    if (vp.getCurrentImageIdIndex() === state.index && (state.renderState === 'loading' || state.renderState === 'rendered')) {
      this.store.setState({ renderState: 'rendered', message: null });
      if (this.prefetchPending) this.startPrefetch();
    }
    this.syncProperties();
  };

  /**
   * Prefetch policy: once the series' first image is on screen, the rest of the series loads in the
   * background, nearest images first and again around each new image (Cornerstone3D's stackPrefetch,
   * request type "prefetch", behind the viewer's own requests). It starts after the first image so
   * that it never delays it. The image cache is capped at 1 GiB (cornerstone.ts); a 512 x 512 CT
   * series of 300 images is 150 MB, and each file's bytes are dropped once decoded (precisLoader.ts).
   */
  private startPrefetch(): void {
    this.prefetchPending = false;
    const { element, loadToken } = this;
    // After this task: the "rendered" state reaches the screen before 300 requests are queued.
    setTimeout(() => {
      if (element && loadToken === this.loadToken && this.imageIdList.length > 1) toolUtilities.stackPrefetch.enable(element);
    }, 0);
  }

  private readonly onLoadFailed = (event: Event): void => {
    const detail = (event as CustomEvent<{ imageId?: string; error?: unknown }>).detail;
    // Only the image the user asked for: a prefetched neighbour that fails says so when it is shown.
    if (!detail?.imageId || detail.imageId !== this.imageIdList[this.store.getState().index]) return;
    const error = detail.error as { message?: string; error?: { message?: string } } | string | undefined;
    const text = typeof error === 'string' ? error : (error?.message ?? error?.error?.message ?? 'the image could not be decoded');
    this.store.setState({ renderState: 'error', message: `This image cannot be shown: ${text}.` });
  };

  private readonly syncProperties = (): void => {
    if (this.viewport) mirrorDisplayState(this.viewport, this.store);
  };

  /** Enables the viewport on `element` once (later calls with the same element share that work). */
  attach(element: HTMLDivElement): Promise<void> {
    if (this.attached?.element !== element) this.attached = { element, ready: this.enable(element) };
    return this.attached.ready;
  }

  private async enable(element: HTMLDivElement): Promise<void> {
    const engine = await cornerstoneReady();
    this.element = element;
    engine.enableElement({ viewportId: this.viewportId, type: Enums.ViewportType.STACK, element, defaultOptions: { background: [0, 0, 0] } });
    this.stopFollowingSize?.();
    this.stopFollowingSize = followElementSize(engine, element);
    this.viewport = engine.getViewport(this.viewportId) as Types.IStackViewport;
    element.addEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
    element.addEventListener(Enums.Events.VOI_MODIFIED, this.syncProperties);
    element.addEventListener(Enums.Events.CAMERA_MODIFIED, this.syncProperties);
    element.addEventListener(Enums.Events.STACK_NEW_IMAGE, this.onNewImage);
    eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_FAILED, this.onLoadFailed);
    eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_ERROR, this.onLoadFailed);
  }

  private readonly onNewImage = (event: Event): void => {
    const index = (event as CustomEvent<{ imageIdIndex: number }>).detail.imageIdIndex;
    if (index !== this.store.getState().index) this.store.setState({ index, renderState: 'loading' });
  };

  async load(instances: InstanceSummary[]): Promise<void> {
    const token = ++this.loadToken;
    this.stopCine();
    this.labelmaps.clear();
    // The previous series' images still queued for prefetching are not wanted any more.
    this.prefetchPending = false;
    if (this.element) toolUtilities.stackPrefetch.disable(this.element);
    const showable = instances.filter((i) => i.displayable);
    // The metadata provider answers geometry from these rows; the loader learns which are multi-frame.
    rememberInstances(showable);
    this.imageIdList = imageIdsOf(showable);
    this.store.setState({ ...initialViewerState, total: this.imageIdList.length });
    if (this.imageIdList.length === 0) {
      const reason = instances.find((i) => i.reason)?.reason ?? 'This series has no images.';
      this.store.setState({ renderState: 'unsupported', message: reason });
      return;
    }
    const vp = this.viewport;
    if (!vp) return;
    // The mouse tools join once there is an image: on the empty viewport they have nothing to act on.
    if (!this.toolsAdded) {
      ToolGroupManager.getToolGroup(TOOL_GROUP_ID)?.addViewport(this.viewportId, vp.getRenderingEngine().id);
      this.toolsAdded = true;
    }
    const start = 0;
    this.store.setState({ renderState: 'loading', index: start });
    try {
      await vp.setStack(this.imageIdList, start);
      if (token !== this.loadToken) return;
      this.prefetchPending = true;
      vp.render();
      const first = showable[0];
      if (first) void this.labelmaps.show(first.caseId, first.SeriesInstanceUID, this.imageIdList);
    } catch (error) {
      if (token === this.loadToken) this.onLoadFailed(new CustomEvent('x', { detail: { imageId: this.imageIdList[start], error } }));
    }
  }

  setIndex(index: number): void {
    const vp = this.viewport;
    const total = this.imageIdList.length;
    if (!vp || total === 0) return;
    const clamped = Math.min(total - 1, Math.max(0, index));
    if (clamped === this.store.getState().index && this.store.getState().renderState === 'rendered') return;
    this.store.setState({ index: clamped, renderState: 'loading' });
    void vp.setImageIdIndex(clamped).catch((error: unknown) =>
      this.onLoadFailed(new CustomEvent('x', { detail: { imageId: this.imageIdList[clamped], error } })),
    );
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
    if (!vp) return;
    vp.resetProperties();
    vp.resetCamera();
    vp.render();
    this.store.setState({ activePreset: null });
    this.syncProperties();
  }

  toggleInvert(): void {
    const vp = this.viewport;
    if (!vp) return;
    vp.setProperties({ invert: !vp.getProperties().invert });
    vp.render();
    this.syncProperties();
  }

  zoomBy(factor: number): void {
    const vp = this.viewport;
    if (!vp) return;
    vp.setZoom(vp.getZoom() * factor);
    vp.render();
  }

  toggleCine(): void {
    if (this.cineTimer) {
      this.stopCine();
      return;
    }
    if (this.imageIdList.length < 2) return;
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

  imageIds(): readonly string[] {
    return this.imageIdList;
  }

  dispose(): void {
    this.loadToken++;
    this.stopCine();
    this.labelmaps.clear();
    this.prefetchPending = false;
    const { element } = this;
    if (element) {
      toolUtilities.stackPrefetch.disable(element);
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
      element.removeEventListener(Enums.Events.VOI_MODIFIED, this.syncProperties);
      element.removeEventListener(Enums.Events.CAMERA_MODIFIED, this.syncProperties);
      element.removeEventListener(Enums.Events.STACK_NEW_IMAGE, this.onNewImage);
    }
    eventTarget.removeEventListener(Enums.Events.IMAGE_LOAD_FAILED, this.onLoadFailed);
    eventTarget.removeEventListener(Enums.Events.IMAGE_LOAD_ERROR, this.onLoadFailed);
    this.stopFollowingSize?.();
    if (this.toolsAdded) ToolGroupManager.getToolGroup(TOOL_GROUP_ID)?.removeViewports(RENDERING_ENGINE_ID, this.viewportId);
    if (this.viewport) getRenderingEngine(RENDERING_ENGINE_ID)?.disableElement(this.viewportId);
    this.viewport = null;
    this.element = null;
    this.stopFollowingSize = null;
    this.attached = null;
    this.toolsAdded = false;
    this.imageIdList = [];
    this.store.setState({ ...initialViewerState });
  }
}
