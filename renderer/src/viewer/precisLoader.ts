// The `precis:` image loader: resolves a stable image id to the current transport's binary routes
// (`precis://app/...` in Electron, `<page origin>/...` on the web host, authorised there by the session
// header, cornerstone.ts beforeSend). Wadouri's loader fetches and parses the file (`/dicom/<case>/<sop>`);
// where Cornerstone3D decodes such a file exactly it decodes it too, exactly as with wadouri: ids; where
// it is known to be wrong (frameDecoderChoice.ts) the pixels come from the app's own decoder
// (`/frames/<case>/<sop>/<frame>`, frameImage.ts) and the parsed file gives the rest of the metadata.
import { getWebWorkerManager, imageLoader, metaData, type Types } from '@cornerstonejs/core';
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import { precis } from '../api/client.ts';
import { decoderOfDataSet, mayNeedAppDecoder } from './frameDecoderChoice.ts';
import { fetchDecodedFrame, imageOfDecodedFrame, type DecodedFrame } from './frameImage.ts';
import { instanceOf } from './instanceIndex.ts';
import { parsePrecisImageId, PRECIS_SCHEME } from './imageIds.ts';

let baseUrl: () => string = () => window.location.origin;

/**
 * The wadouri: id a precis: id stands for, on the transport of this page; null for other ids.
 * Frame numbers as the wadouri loader takes them: `?frame=N` (1-based) for multi-frame instances only.
 */
export function wadouriIdOf(imageId: string): string | null {
  const ref = parsePrecisImageId(imageId);
  if (!ref) return null;
  const url = `${baseUrl()}/dicom/${encodeURIComponent(ref.caseId)}/${encodeURIComponent(ref.sop)}`;
  const multiFrame = (instanceOf(ref.caseId, ref.sop)?.NumberOfFrames ?? 1) > 1 || ref.frame > 1;
  return multiFrame ? `wadouri:${url}?frame=${ref.frame}` : `wadouri:${url}`;
}

/** The app's decoded frame for a precis: id (GET /frames/<case>/<sop>/<frame>). */
export function frameUrlOf(imageId: string): string | null {
  const ref = parsePrecisImageId(imageId);
  return ref && `${baseUrl()}/frames/${encodeURIComponent(ref.caseId)}/${encodeURIComponent(ref.sop)}/${ref.frame}`;
}

/**
 * The modules Cornerstone's wadouri provider answers from a parsed file that the viewer, its tools and
 * the volume loader ask for. They are copied per image (a few hundred bytes) before the file's bytes go.
 */
const KEPT_MODULES = [
  'generalStudyModule', 'generalSeriesModule', 'generalImageModule', 'patientModule', 'patientStudyModule',
  'imagePlaneModule', 'imagePixelModule', 'voiLutModule', 'modalityLutModule', 'sopCommonModule',
  'cineModule', 'overlayPlaneModule', 'transferSyntax', 'petIsotopeModule', 'petSeriesModule',
  'petImageModule', 'calibrationModule', 'ultrasoundEnhancedRegionModule',
] as const;

/** Per precis: id, the metadata of its file while its decoded image is in Cornerstone's cache. */
const keptMetadata = new Map<string, Map<string, unknown>>();
/** Images that are not cached (a volume's slices, diagnostics) are never decached: a bound on those
 *  entries, far above what the image cache holds (1 GiB of 512 x 512 CT is 2,000 images). */
const KEPT_AT_MOST = 20_000;

/** A module of a decoded image whose file has been dropped (precisMetadata.ts asks here first). */
export function keptModule(type: string, imageId: string): unknown {
  return keptMetadata.get(imageId)?.get(type);
}

/**
 * Once an image is decoded, its file's bytes (about the size of the decoded pixels again, a second copy
 * of the series) are not needed: its metadata is copied, the loader's counted uses of the parsed file
 * are released and the image no longer points at it. Multi-frame files stay (refcounted as wadouri
 * does): each of their frames is cut from the same parsed file, which would otherwise be fetched again
 * per frame.
 */
function dropFile(imageId: string, target: string, url: string, uses: number, image: Types.IImage): void {
  if (target.includes('?frame=')) return;
  const kept = new Map<string, unknown>();
  for (const type of KEPT_MODULES) {
    const value = metaData.get(type, target) as unknown;
    if (value !== undefined) kept.set(type, value);
  }
  keptMetadata.delete(imageId);
  keptMetadata.set(imageId, kept);
  if (keptMetadata.size > KEPT_AT_MOST) keptMetadata.delete(keptMetadata.keys().next().value as string);
  for (let i = 0; i < uses; i++) wadouri.dataSetCacheManager.unload(url);
  // wadouri's createImage sets image.data = dataSet: it would keep the bytes alive on its own.
  delete (image as { data?: unknown }).data;
}

async function requestFrame(imageId: string, signal?: AbortSignal): Promise<DecodedFrame> {
  const headers = ((await precis().requestHeaders?.()) ?? {}) as Record<string, string>;
  return fetchDecodedFrame(frameUrlOf(imageId) ?? '', headers, signal);
}

/**
 * The app's decoded frame, asked for at once when the instance's transfer syntax makes the app's decoder
 * likely (12-bit JPEG): the app decodes while the file travels and is parsed, instead of after. Dropped
 * (and cancelled) when the parsed file says Cornerstone decodes it after all.
 */
function earlyFrame(imageId: string): { frame: Promise<DecodedFrame>; cancel(): void } | null {
  const ref = parsePrecisImageId(imageId);
  if (!ref || !mayNeedAppDecoder(instanceOf(ref.caseId, ref.sop)?.TransferSyntaxUID ?? '')) return null;
  const controller = new AbortController();
  const frame = requestFrame(imageId, controller.signal);
  frame.catch(() => undefined); // awaited below, or cancelled
  return { frame, cancel: () => controller.abort() };
}

async function load(imageId: string, target: string, options: Record<string, unknown>): Promise<{ image: Types.IImage; decache: () => void }> {
  const { url } = wadouri.parseImageId(target);
  const singleFrame = !target.includes('?frame=');
  const forget = (): void => void keptMetadata.delete(imageId);
  const early = earlyFrame(imageId);
  // Parses the file once (cached by URL; wadouri's own load below reuses it) to choose the decoder.
  const dataSet = await wadouri.dataSetCacheManager.load(url, wadouri.getLoaderForScheme('wadouri') as never, target).catch((error: unknown) => {
    early?.cancel();
    throw error;
  });
  const choice = decoderOfDataSet(dataSet);
  if (choice.decoder !== 'gdcm') early?.cancel();
  if (choice.decoder === 'gdcm') {
    const image = await (early?.frame ?? requestFrame(imageId)).then((frame) => imageOfDecodedFrame(imageId, frame, target)).catch((error: unknown) => {
      wadouri.dataSetCacheManager.unload(url);
      throw error;
    });
    // Single frame: the file goes now, its metadata stays. Multi-frame: the parsed file stays cached
    // while the image is, and answers the image's metadata.
    dropFile(imageId, target, url, 1, image);
    return { image, decache: singleFrame ? forget : () => wadouri.dataSetCacheManager.unload(url) };
  }
  const inner = wadouri.loadImage(target, options);
  let image: Types.IImage;
  try {
    image = await inner.promise;
  } catch (error) {
    // Neither wadouri's use nor ours of the parsed file goes on.
    wadouri.dataSetCacheManager.unload(url);
    inner.decache?.();
    throw error;
  }
  if (singleFrame) {
    dropFile(imageId, target, url, 2, image);
    return { image, decache: forget };
  }
  // wadouri's load counted one more use of the parsed file; ours ends here.
  wadouri.dataSetCacheManager.unload(url);
  return { image, decache: () => inner.decache?.() };
}

/**
 * The decode worker's heap keeps a copy of every file it was sent and of every image it returned
 * (Cornerstone clones both ways) until its own garbage collection, which the page cannot force: about
 * 250 MB after a 275-image CT. Every image of the app is decoded through this loader, so once none has
 * been loading for a while the worker is ended; the next image starts a new one (tens of ms).
 */
const WORKER_IDLE_MS = 5000;
let loadsInFlight = 0;
let idleTimer: ReturnType<typeof setTimeout> | null = null;

function loadStarted(): void {
  loadsInFlight++;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
}

function loadEnded(): void {
  loadsInFlight--;
  if (loadsInFlight > 0) return;
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (loadsInFlight === 0) getWebWorkerManager().terminate('dicomImageLoader');
  }, WORKER_IDLE_MS);
}

function loadPrecisImage(imageId: string, options: Record<string, unknown> = {}): Types.IImageLoadObject {
  const target = wadouriIdOf(imageId);
  if (!target) return { promise: Promise.reject(new Error(`not an image id of this app: ${imageId}`)) };
  let decache: (() => void) | null = null;
  loadStarted();
  const loading = load(imageId, target, options);
  loading.then(loadEnded, loadEnded);
  const promise = loading.then(({ image, decache: drop }) => {
    decache = drop;
    // The image carries the stable id: tools and annotations refer to image.imageId.
    return Object.assign(image, { imageId });
  });
  // Evicting the image from Cornerstone's cache also drops the file's parsed data set.
  return { promise, decache: () => decache?.() };
}

/** Registers the loader once; `pixelBase` names the transport's origin (api/client.ts pixelBaseUrl). */
export function registerPrecisLoader(pixelBase: () => string): void {
  baseUrl = pixelBase;
  imageLoader.registerImageLoader(PRECIS_SCHEME, loadPrecisImage as unknown as Types.ImageLoaderFn);
}
