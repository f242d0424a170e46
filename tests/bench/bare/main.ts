/// <reference lib="dom" />
// The bench's reference: a bare Cornerstone3D page with nothing but one STACK viewport, initialised
// the way the app's renderer does it (renderer/src/viewer/cornerstone.ts): core, then the DICOM image
// loader with the legacy metadata provider and max(1, cores / 2) decode workers. No tools, no UI, no
// prefetch. The bench drives it through `window.bare`; every duration is performance.now() in ms.
import { Enums, imageLoader, init as coreInit, RenderingEngine, type Types } from '@cornerstonejs/core';
import { init as loaderInit } from '@cornerstonejs/dicom-image-loader';

interface BarePage {
  /** Resolves once Cornerstone3D is initialised and the viewport exists. */
  ready: Promise<void>;
  /** Loads one (other) image, so that the decode worker is started before the clocks run, as the
   *  app's is by the time a series can be clicked (its study browser has drawn a thumbnail). */
  warm(imageId: string): Promise<void>;
  /** setStack(imageIds, 0) and render(), until the first image is rendered: ms. */
  open(imageIds: string[]): Promise<number>;
  /** Shows images from+1 .. to one at a time, each until rendered: total ms. */
  scroll(from: number, to: number): Promise<number>;
  /** Shows one image and waits until it is rendered: ms. */
  show(index: number): Promise<number>;
}

declare global {
  interface Window {
    bare: BarePage;
  }
}

let viewport: Types.IStackViewport | null = null;
let element: HTMLDivElement | null = null;

async function setUp(): Promise<void> {
  const params = new URLSearchParams(window.location.search);
  element = document.getElementById('viewport') as HTMLDivElement;
  // The same canvas size as the app's viewport, so both pages draw the same number of pixels.
  element.style.width = `${Number(params.get('w') ?? 800)}px`;
  element.style.height = `${Number(params.get('h') ?? 600)}px`;
  await coreInit();
  loaderInit({
    maxWebWorkers: Math.max(1, Math.floor((navigator.hardwareConcurrency || 2) / 2)),
    useLegacyMetadataProvider: true,
  });
  const engine = new RenderingEngine('bare-engine');
  engine.enableElement({ viewportId: 'bare-stack', type: Enums.ViewportType.STACK, element, defaultOptions: { background: [0, 0, 0] } });
  viewport = engine.getViewport('bare-stack') as Types.IStackViewport;
}

/** Resolves when the viewport has rendered image `index` (IMAGE_RENDERED with that index current). */
function renderedAt(index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const el = element as HTMLDivElement;
    const timer = setTimeout(() => reject(new Error(`image ${index} not rendered within 60 s`)), 60_000);
    const onRendered = (): void => {
      if (viewport?.getCurrentImageIdIndex() !== index) return;
      el.removeEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
      clearTimeout(timer);
      resolve();
    };
    el.addEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
  });
}

function vp(): Types.IStackViewport {
  if (!viewport) throw new Error('the bare page is not ready');
  return viewport;
}

window.bare = {
  ready: setUp(),
  async warm(imageId) {
    await imageLoader.loadAndCacheImage(imageId, { priority: 0, requestType: Enums.RequestType.Thumbnail });
  },
  async open(imageIds) {
    const started = performance.now();
    const done = renderedAt(0);
    await vp().setStack(imageIds, 0);
    vp().render();
    await done;
    return performance.now() - started;
  },
  async scroll(from, to) {
    const started = performance.now();
    for (let index = from + 1; index <= to; index++) {
      const done = renderedAt(index);
      await vp().setImageIdIndex(index);
      await done;
    }
    return performance.now() - started;
  },
  async show(index) {
    const started = performance.now();
    const done = renderedAt(index);
    await vp().setImageIdIndex(index);
    await done;
    return performance.now() - started;
  },
};
