// Synchronised viewports (priors, item 6 of issue 13): whether scrolling and the window follow the
// active viewport in the others, and the case's Frame of Reference links.
import { create } from 'zustand';
import type { FrameLink } from '../../../../preload/api.ts';

export interface SyncState {
  scroll: boolean;
  window: boolean;
  /** The open case's links, both ways (frameLinks.list). */
  links: FrameLink[];
  /** Why the last synchronised scroll could not move a viewport, e.g. "not linked", or null. */
  note: string | null;
}

export const useSync = create<SyncState>(() => ({ scroll: true, window: true, links: [], note: null }));
