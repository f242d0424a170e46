// Synchronised scrolling and window across the stack viewports (priors): when a reader scrolls or
// changes the window in one viewport, the others follow. Scrolling goes by anatomy, not image number:
// the other viewport shows its image nearest to the same point along its slice normal. Two series in
// different Frames of Reference (a prior study) follow each other only once the reader has linked them
// (linkViewports): the link's offset takes a point of one frame to the same anatomy in the other.
import { metaData } from '@cornerstonejs/core';
import type { InstanceSummary } from '../../../../preload/api.ts';
import { precis } from '../../api/client.ts';
import { reportError } from '../../commands.ts';
import { useApp } from '../../state/store.ts';
import { useLayout } from '../layoutStore.ts';
import type { ViewportController } from '../ViewportController.ts';
import { viewportController } from '../viewportRegistry.ts';
import { seriesOf, useViewportSeries } from '../viewportSeries.ts';
import { nearestSlice, normalOf, type Point3 } from './slicePositions.ts';
import { useSync } from './syncState.ts';

/** Set while one viewport's change is applied to the others: their own changes then drive nothing. */
let applying = false;

interface Shown {
  controller: ViewportController;
  instances: InstanceSummary[];
  instance: InstanceSummary;
  frameOfReference: string | null;
}

/**
 * A series' Frame of Reference is its first image's: de-identified series such as the LIDC chest CT
 * carry another Frame of Reference UID in every slice, and a link must hold for the whole series.
 */
function frameOfReferenceOf(imageId: string | undefined): string | null {
  const plane = imageId ? (metaData.get('imagePlaneModule', imageId) as { frameOfReferenceUID?: string } | undefined) : undefined;
  return plane?.frameOfReferenceUID ?? null;
}

/** What a stack viewport shows now, or null (empty, a volume, an MPR plane). */
function shownIn(viewportId: string): Shown | null {
  const controller = viewportController(viewportId);
  if (controller.kind !== 'stack') return null;
  const open = seriesOf(viewportId, useApp.getState(), useViewportSeries.getState().byViewport);
  if (!open) return null;
  const instances = open.instances.filter((i) => i.displayable);
  const { index } = controller.store.getState();
  const instance = instances[index];
  if (!instance) return null;
  return { controller, instances, instance, frameOfReference: frameOfReferenceOf(controller.imageIds()[0]) ?? frameOfReferenceOf(controller.imageIds()[index]) };
}

/** The offset (mm) from `from`'s frame to `to`'s, or null when they are in different, unlinked frames. */
function offsetBetween(from: Shown, to: Shown): Point3 | null {
  if (from.frameOfReference && from.frameOfReference === to.frameOfReference) return [0, 0, 0];
  if (!from.frameOfReference || !to.frameOfReference) return null;
  const link = useSync.getState().links.find((l) => l.fromFrameOfReferenceUID === from.frameOfReference && l.toFrameOfReferenceUID === to.frameOfReference);
  return link ? link.offset : null;
}

function others(viewportId: string): string[] {
  return useLayout.getState().viewportIds.filter((id) => id !== viewportId);
}

function applyToOthers(viewportId: string, apply: (source: Shown, target: Shown) => void): void {
  const source = shownIn(viewportId);
  if (!source) return;
  applying = true;
  try {
    for (const id of others(viewportId)) {
      const target = shownIn(id);
      if (target && target.instances !== source.instances) apply(source, target);
    }
  } finally {
    applying = false;
  }
}

function scrollOthers(viewportId: string): void {
  let unlinked = false;
  applyToOthers(viewportId, (source, target) => {
    const offset = offsetBetween(source, target);
    const normal = normalOf(source.instance.ImageOrientationPatient);
    const position = source.instance.ImagePositionPatient;
    if (!offset) {
      unlinked = true;
      return;
    }
    if (!normal || !position) return;
    const point = position.map((v, k) => v + (offset[k] ?? 0));
    const index = nearestSlice(target.instances, point, normal);
    if (index !== null) target.controller.setIndex(index);
  });
  const note = unlinked ? 'Not linked: these studies have different Frames of Reference. Scroll both to the same anatomy, then Link.' : null;
  if (useSync.getState().note !== note) useSync.setState({ note });
}

function windowOthers(viewportId: string): void {
  applyToOthers(viewportId, (source, target) => {
    const { windowCenter: center, windowWidth: width, activePreset } = source.controller.store.getState();
    if (center === null || width === null) return;
    const current = target.controller.store.getState();
    if (current.windowCenter === center && current.windowWidth === width) return;
    target.controller.applyPreset({ name: activePreset ?? '', label: '', center, width });
  });
}

/** Follows one viewport's controller: its own scrolling and window changes drive the others. */
export function followForSync(viewportId: string, controller: ViewportController): () => void {
  let last = controller.store.getState();
  return controller.store.subscribe((state) => {
    const previous = last;
    last = state;
    if (applying) return;
    const { scroll, window: windowSync } = useSync.getState();
    if (scroll && state.index !== previous.index) scrollOthers(viewportId);
    if (windowSync && (state.windowCenter !== previous.windowCenter || state.windowWidth !== previous.windowWidth) && state.windowCenter !== null) {
      windowOthers(viewportId);
    }
  });
}

/**
 * Links the active viewport's Frame of Reference to another viewport's, as the two show them now (the
 * reader scrolled both to the same anatomy); kept in the case. Returns a sentence for the reader.
 */
export async function linkViewports(): Promise<void> {
  const { activeViewportId } = useLayout.getState();
  const source = shownIn(activeViewportId);
  const target = others(activeViewportId).map(shownIn).find((s): s is Shown => s !== null && s.instances !== source?.instances);
  const caseId = useApp.getState().open?.patient.caseId;
  if (!source || !target || !caseId) return;
  if (!source.frameOfReference || !target.frameOfReference || !source.instance.ImagePositionPatient || !target.instance.ImagePositionPatient) {
    useSync.setState({ note: 'These images do not say their Frame of Reference or position: they cannot be linked.' });
    return;
  }
  if (source.frameOfReference === target.frameOfReference) {
    useSync.setState({ note: 'These series share one Frame of Reference: they follow each other already.', scroll: true });
    return;
  }
  const from = source.instance.ImagePositionPatient;
  const to = target.instance.ImagePositionPatient;
  const offset = [0, 1, 2].map((k) => (to[k] ?? 0) - (from[k] ?? 0)) as Point3;
  try {
    await precis().frameLinks.link({ caseId, from: source.frameOfReference, to: target.frameOfReference, offset });
    const links = await precis().frameLinks.list({ caseId });
    useSync.setState({ links, scroll: true, note: null });
  } catch (error) {
    reportError(error);
  }
}

/** Loads the open case's links whenever another case opens. */
export function startSync(): void {
  useApp.subscribe((state, previous) => {
    const caseId = state.open?.patient.caseId;
    if (caseId === previous.open?.patient.caseId) return;
    useSync.setState({ links: [], note: null });
    if (!caseId) return;
    void precis().frameLinks.list({ caseId }).then((links) => {
      if (useApp.getState().open?.patient.caseId === caseId) useSync.setState({ links });
    }).catch(reportError);
  });
}
