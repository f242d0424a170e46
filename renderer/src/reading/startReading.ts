// The reading tools' part of the page start: follow Cornerstone's annotation events, and show a case's
// stored annotations whenever a series of it opens.
import { useApp } from '../state/store.ts';
import { cornerstoneReady } from '../viewer/cornerstone.ts';
import { followAnnotationEvents, showCaseAnnotations } from './annotationSync.ts';
import { followCaseKeyImages } from './keyImages.ts';

export function startReading(): void {
  followCaseKeyImages();
  useApp.subscribe((state, previous) => {
    const caseId = state.open?.patient.caseId;
    if (!caseId || caseId === previous.open?.patient.caseId) return;
    void cornerstoneReady().then(() => {
      followAnnotationEvents();
      return showCaseAnnotations(caseId);
    });
  });
}
