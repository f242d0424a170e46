// The MPR slab: one thickness (mm) and one way of combining its voxels for the three planes.
import { create } from 'zustand';
import type { SlabMode } from './mprTools.ts';

export interface SlabState {
  /** mm; 0 = one voxel layer. */
  thickness: number;
  mode: SlabMode;
}

export const useSlab = create<SlabState>(() => ({ thickness: 0, mode: 'mip' }));
