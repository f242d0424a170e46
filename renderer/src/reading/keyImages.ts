// Key images of the case being read (issue 13, item 7): which images are key (one store that the strip,
// the viewport's KEY marker and the toolbar's button read), marking or unmarking the image the active
// viewport shows (K), and showing a key image in the main viewport. Reloaded whenever another case opens.
import { create } from 'zustand';
import type { KeyImage } from '../../../preload/api.ts';
import { precis } from '../api/client.ts';
import { openSeries } from '../commands.ts';
import { useApp } from '../state/store.ts';
import { parsePrecisImageId, precisImageId, type PrecisImageRef } from '../viewer/imageIds.ts';
import { MAIN_VIEWPORT_ID, useLayout } from '../viewer/layoutStore.ts';
import type { ViewportController } from '../viewer/ViewportController.ts';
import { activeController, viewportController } from '../viewer/viewportRegistry.ts';

export interface KeyImagesState {
  caseId: string | null;
  /** As main lists them: newest study first, then series, image, frame. */
  images: KeyImage[];
  /** `<SOPInstanceUID>/<frame>` of each key image, for the per-image checks. */
  keys: ReadonlySet<string>;
  /** A mark, an unmark or a load that failed, in words; null when all is kept. */
  error: string | null;
}

export const useKeyImages = create<KeyImagesState>(() => ({ caseId: null, images: [], keys: new Set(), error: null }));

const keyOf = (sop: string, frame: number): string => `${sop}/${frame}`;
const keysOf = (images: readonly KeyImage[]): ReadonlySet<string> => new Set(images.map((k) => keyOf(k.SOPInstanceUID, k.frame)));
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The image a viewport shows (its case, SOP instance and frame), or null: nothing shown, or an MPR plane. */
export function shownImage(controller: ViewportController = activeController()): PrecisImageRef | null {
  const id = controller.imageIds()[controller.store.getState().index];
  return id ? parsePrecisImageId(id) : null;
}

export function isKeyImage(ref: PrecisImageRef | null, state: KeyImagesState = useKeyImages.getState()): boolean {
  return ref !== null && state.caseId === ref.caseId && state.keys.has(keyOf(ref.sop, ref.frame));
}

/** Whether `controller` shows an image ('none': nothing, or an MPR plane) and whether it is key; a
 *  component re-renders only when that answer changes, not with every image scrolled through. */
export function useShownKeyState(controller: ViewportController): 'none' | 'key' | 'plain' {
  const state = useKeyImages();
  return controller.store((s) => {
    const id = controller.imageIds()[s.index];
    const ref = id ? parsePrecisImageId(id) : null;
    if (!ref) return 'none';
    return isKeyImage(ref, state) ? 'key' : 'plain';
  });
}

/** Answers of lists started before a newer change or case are dropped (late results never win). */
let revision = 0;

async function reload(caseId: string, current: number): Promise<void> {
  const images = await precis().keyImages.list({ caseId });
  if (current === revision && useKeyImages.getState().caseId === caseId) useKeyImages.setState({ images, keys: keysOf(images) });
}

/** Shows the key images of `caseId` (and none of the previous case's). */
export async function showCaseKeyImages(caseId: string | null): Promise<void> {
  if (useKeyImages.getState().caseId === caseId) return;
  const current = ++revision;
  useKeyImages.setState({ caseId, images: [], keys: new Set(), error: null });
  if (!caseId) return;
  try {
    await reload(caseId, current);
  } catch (error) {
    if (current === revision) useKeyImages.setState({ error: `The key images of this case could not be read: ${message(error)}` });
  }
}

/** Marks the image the active viewport shows as key, or takes the mark off (K, the Key button). */
export async function toggleKeyImage(): Promise<void> {
  const ref = shownImage();
  if (!ref) return;
  const state = useKeyImages.getState();
  const key = !isKeyImage(ref, state);
  const current = ++revision;
  // Shown at once, so that a second K before the answer toggles back rather than marking again.
  if (state.caseId === ref.caseId) {
    const keys = new Set(state.keys);
    if (key) keys.add(keyOf(ref.sop, ref.frame));
    else keys.delete(keyOf(ref.sop, ref.frame));
    useKeyImages.setState({ keys, error: null });
  }
  try {
    await precis().keyImages.set({ caseId: ref.caseId, SOPInstanceUID: ref.sop, frame: ref.frame, key });
  } catch (error) {
    useKeyImages.setState({ error: `This image could not be ${key ? 'marked' : 'unmarked'} as key: ${message(error)}` });
  }
  await reload(ref.caseId, current).catch(() => undefined);
}

/** Resolves with the index of `imageId` once `controller` has loaded a series that holds it (-1 after 30 s). */
function indexWhenLoaded(controller: ViewportController, imageId: string): Promise<number> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const index = controller.imageIds().indexOf(imageId);
      const settled = controller.store.getState().renderState !== 'loading' && controller.store.getState().renderState !== 'idle';
      if (index < 0 || !settled) return false;
      stop();
      resolve(index);
      return true;
    };
    const timer = setTimeout(() => {
      stop();
      resolve(-1);
    }, 30_000);
    const unsubscribe = controller.store.subscribe(() => void check());
    const stop = (): void => {
      clearTimeout(timer);
      unsubscribe();
    };
    check();
  });
}

let showing = 0;
/** Opens a key image's series in the main viewport, at that image (a click in the strip). */
export async function showKeyImage(image: KeyImage): Promise<void> {
  const current = ++showing;
  const { caseId } = useKeyImages.getState();
  const { studies, seriesByStudy } = useApp.getState();
  const study = studies.find((s) => s.StudyInstanceUID === image.StudyInstanceUID);
  const series = seriesByStudy[image.StudyInstanceUID]?.find((s) => s.SeriesInstanceUID === image.SeriesInstanceUID);
  if (!caseId || !study || !series) return;
  useLayout.setState({ activeViewportId: MAIN_VIEWPORT_ID });
  await openSeries(study, series);
  const controller = viewportController(MAIN_VIEWPORT_ID);
  const index = await indexWhenLoaded(controller, precisImageId(caseId, image.SOPInstanceUID, image.frame));
  if (current === showing && index >= 0) controller.setIndex(index);
}

/** Follows the case being read: its key images are loaded when it is selected or opened. */
export function followCaseKeyImages(): void {
  useApp.subscribe((state) => {
    void showCaseKeyImages(state.selectedPatient?.caseId ?? state.open?.patient.caseId ?? null);
  });
}
