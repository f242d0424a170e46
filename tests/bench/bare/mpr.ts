/// <reference lib="dom" />
// The MPR rows' reference: a bare Cornerstone3D page with three ORTHOGRAPHIC viewports (axial, sagittal,
// coronal) on one streaming volume, in the app's 2x2 grid (the fourth cell empty) at the sizes of the
// app's MPR viewports (URL `sizes=WxH,WxH,WxH`), initialised as the app's renderer is (core, the DICOM
// image loader with the legacy metadata provider and max(1, cores / 2) decode workers, the tools) and
// with the app's strategy: the volume is loaded whole (volume.load) before the viewports get it. The
// CrosshairsTool links the three on the primary button, in a tool group of their own. No UI, no other
// tool, no window synchroniser. Every duration is performance.now() in ms.
import {
  cache,
  cornerstoneStreamingImageVolumeLoader,
  Enums,
  imageLoader,
  imageLoadPoolManager,
  init as coreInit,
  RenderingEngine,
  volumeLoader,
  type Types,
} from '@cornerstonejs/core';
import { init as loaderInit } from '@cornerstonejs/dicom-image-loader';
import { addTool, CrosshairsTool, Enums as ToolEnums, init as toolsInit, ToolGroupManager } from '@cornerstonejs/tools';

interface BareMprPage {
  /** Resolves once Cornerstone3D is initialised and the three viewports exist. */
  ready: Promise<void>;
  /**
   * Loads and caches every image (four at a time, as the app's stack prefetches them), untimed: the
   * state the app is in when its series is open in the stack and MPR is chosen. Resolves with ms.
   */
  preload(imageIds: string[]): Promise<number>;
  /** Creates the volume from `imageIds` (in order along the slice normal), loads it whole, gives it to
   *  the three viewports and renders them: ms until each has rendered, the volume's share, and how long
   *  enabling the three viewports took in the set-up (before this clock). */
  open(imageIds: string[]): Promise<{ ms: number; volumeLoadedMs: number; enableMs: number }>;
  /**
   * After the clocks: creates a second volume from the same cached images and loads it with at most
   * `limit` prefetch requests in flight (Cornerstone's default is 1,000; volume.load asks for its
   * slices as prefetch requests), then frees it. Resolves with ms.
   */
  loadWithPrefetchLimit(imageIds: string[], limit: number): Promise<number>;
}

declare global {
  interface Window {
    bareMpr: BareMprPage;
  }
}

const PLANES = [
  { id: 'bare-mpr-axial', orientation: 'axial', axis: Enums.OrientationAxis.AXIAL },
  { id: 'bare-mpr-sagittal', orientation: 'sagittal', axis: Enums.OrientationAxis.SAGITTAL },
  { id: 'bare-mpr-coronal', orientation: 'coronal', axis: Enums.OrientationAxis.CORONAL },
] as const;
const VOLUME_ID = 'cornerstoneStreamingImageVolume:bare-mpr';
const TOOL_GROUP_ID = 'bare-mpr-tools';
const PRELOAD_IN_FLIGHT = 4;

let engine: RenderingEngine | null = null;
let enableMs = Number.NaN;
const elements: HTMLDivElement[] = [];

function sizesFromUrl(): Array<{ width: number; height: number }> {
  const text = new URLSearchParams(window.location.search).get('sizes') ?? '';
  const sizes = text.split(',').filter(Boolean).map((s) => {
    const [w, h] = s.split('x').map(Number);
    return { width: w || 400, height: h || 300 };
  });
  return PLANES.map((_, i) => sizes[i] ?? { width: 400, height: 300 });
}

async function setUp(): Promise<void> {
  const grid = document.getElementById('grid') as HTMLDivElement;
  const sizes = sizesFromUrl();
  PLANES.forEach((plane, i) => {
    // The same markup the bench's page helper looks for in the app: a frame with data-mpr-orientation
    // around the element Cornerstone renders into.
    const frame = document.createElement('div');
    frame.dataset.mprOrientation = plane.orientation;
    const element = document.createElement('div');
    element.className = 'cornerstone-element';
    element.style.width = `${sizes[i]?.width}px`;
    element.style.height = `${sizes[i]?.height}px`;
    frame.appendChild(element);
    grid.appendChild(frame);
    elements.push(element);
  });
  await coreInit();
  loaderInit({
    maxWebWorkers: Math.max(1, Math.floor((navigator.hardwareConcurrency || 2) / 2)),
    useLegacyMetadataProvider: true,
  });
  toolsInit();
  volumeLoader.registerVolumeLoader('cornerstoneStreamingImageVolume', cornerstoneStreamingImageVolumeLoader as unknown as Types.VolumeLoaderFn);
  const enabling = performance.now();
  engine = new RenderingEngine('bare-mpr-engine');
  PLANES.forEach((plane, i) => {
    engine?.enableElement({
      viewportId: plane.id,
      type: Enums.ViewportType.ORTHOGRAPHIC,
      element: elements[i] as HTMLDivElement,
      defaultOptions: { background: [0, 0, 0], orientation: plane.axis },
    });
  });
  enableMs = performance.now() - enabling;
  addTool(CrosshairsTool);
  const group = ToolGroupManager.createToolGroup(TOOL_GROUP_ID);
  if (!group) throw new Error('could not create the tool group');
  group.addTool(CrosshairsTool.toolName);
  group.setToolActive(CrosshairsTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
}

function renderedOnce(element: HTMLDivElement): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('a plane was not rendered within 120 s')), 120_000);
    element.addEventListener(Enums.Events.IMAGE_RENDERED, () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

function viewport(id: string): Types.IVolumeViewport {
  const vp = engine?.getViewport(id);
  if (!vp) throw new Error('the bare MPR page is not ready');
  return vp as Types.IVolumeViewport;
}

window.bareMpr = {
  ready: setUp(),
  async preload(imageIds) {
    const started = performance.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < imageIds.length) {
        const imageId = imageIds[next++] as string;
        await imageLoader.loadAndCacheImage(imageId, { priority: 0, requestType: Enums.RequestType.Prefetch });
      }
    };
    await Promise.all(Array.from({ length: PRELOAD_IN_FLIGHT }, worker));
    return performance.now() - started;
  },
  async open(imageIds) {
    const started = performance.now();
    const volume = (await volumeLoader.createAndCacheVolume(VOLUME_ID, { imageIds })) as Types.IImageVolume;
    await new Promise<void>((resolve) => volume.load(() => resolve()));
    const volumeLoadedMs = performance.now() - started;
    const rendered = Promise.all(elements.map(renderedOnce));
    const group = ToolGroupManager.getToolGroup(TOOL_GROUP_ID);
    for (const plane of PLANES) {
      const vp = viewport(plane.id);
      await vp.setVolumes([{ volumeId: VOLUME_ID }]);
      vp.resetCamera();
      group?.addViewport(plane.id, 'bare-mpr-engine');
    }
    // The crosshairs centre on what the three planes show (as the app does once they have joined).
    (group?.getToolInstance(CrosshairsTool.toolName) as { computeToolCenter?: () => void } | undefined)?.computeToolCenter?.();
    for (const plane of PLANES) viewport(plane.id).render();
    await rendered;
    return { ms: performance.now() - started, volumeLoadedMs, enableMs };
  },
  async loadWithPrefetchLimit(imageIds, limit) {
    const { Prefetch } = Enums.RequestType;
    const before = imageLoadPoolManager.getMaxSimultaneousRequests(Prefetch);
    const volumeId = `${VOLUME_ID}-limited`;
    imageLoadPoolManager.setMaxSimultaneousRequests(Prefetch, limit);
    try {
      const started = performance.now();
      const volume = (await volumeLoader.createAndCacheVolume(volumeId, { imageIds })) as Types.IImageVolume;
      await new Promise<void>((resolve) => volume.load(() => resolve()));
      return performance.now() - started;
    } finally {
      imageLoadPoolManager.setMaxSimultaneousRequests(Prefetch, before);
      cache.removeVolumeLoadObject(volumeId);
    }
  },
};
