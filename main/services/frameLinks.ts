// Frame of Reference links of a case (priors): listed and set for the viewer.
import type { FrameLink, PatientPoint } from '../../preload/api.ts';
import type { Core } from '../core.ts';
import { AppError } from '../errors.ts';
import { openKnownCase } from './reading.ts';

export function listFrameLinks(core: Core, caseId: string): FrameLink[] {
  return openKnownCase(core, caseId).frameLinks.list();
}

export function linkFrames(core: Core, caseId: string, from: string, to: string, offset: PatientPoint): FrameLink {
  if (from === to) throw new AppError('invalid-argument', 'These images share one Frame of Reference: they are aligned already.');
  return openKnownCase(core, caseId).frameLinks.link(from, to, offset, core.actor);
}

export function unlinkFrames(core: Core, caseId: string, from: string, to: string): boolean {
  return openKnownCase(core, caseId).frameLinks.unlink(from, to, core.actor);
}
