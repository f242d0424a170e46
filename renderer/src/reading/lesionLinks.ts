// The open case's lesions with linked variants (issue 15, item 6), for the viewer's labels and the
// Genomics tab's link controls. Reloaded when the case changes and after each link or unlink.
import { create } from 'zustand';
import type { LesionMolecularFindings } from '../../../preload/api.ts';
import { precis } from '../api/client.ts';

interface LesionLinksState {
  caseId: string | null;
  lesions: LesionMolecularFindings[];
}

export const useLesionLinks = create<LesionLinksState>(() => ({ caseId: null, lesions: [] }));

export async function loadLesionLinks(caseId: string): Promise<void> {
  const lesions = await precis().variants.lesions({ caseId });
  // A late answer for a case no longer open is dropped.
  if (useLesionLinks.getState().caseId === caseId || useLesionLinks.getState().caseId === null) useLesionLinks.setState({ caseId, lesions });
}

export function followLesionLinks(caseId: string): void {
  if (useLesionLinks.getState().caseId === caseId) return;
  useLesionLinks.setState({ caseId, lesions: [] });
  void loadLesionLinks(caseId).catch(() => undefined);
}

export async function setLesionLink(caseId: string, variantId: number, annotationUID: string, linked: boolean): Promise<void> {
  await precis().variants.link({ caseId, variantId, annotationUID, linked });
  await loadLesionLinks(caseId);
}
