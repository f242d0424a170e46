// The slab controls of the MPR layout: thickness (mm) and MIP / MinIP / average, for the three planes.
import { useLayout } from '../layoutStore.ts';
import { allControllers } from '../viewportRegistry.ts';
import { setSlab } from './mprLayout.ts';
import type { SlabMode } from './mprTools.ts';
import { useSlab } from './slab.ts';

const MODES: ReadonlyArray<{ mode: SlabMode; label: string }> = [
  { mode: 'mip', label: 'MIP' },
  { mode: 'minip', label: 'MinIP' },
  { mode: 'average', label: 'Average' },
];

export function MprControls() {
  const mpr = useLayout((s) => s.layout === 'mpr');
  const { thickness, mode } = useSlab();
  if (!mpr) return null;
  return (
    <span className="mpr-controls" data-testid="mpr-controls">
      <label title="Slab thickness of the three planes (0: one voxel layer)">
        Slab{' '}
        <input
          data-testid="mpr-slab-thickness"
          type="number"
          min={0}
          max={200}
          step={1}
          value={thickness}
          onChange={(e) => setSlab({ thickness: Math.max(0, Math.min(200, Number(e.target.value) || 0)) }, allControllers())}
        />{' '}
        mm
      </label>{' '}
      <select data-testid="mpr-slab-mode" aria-label="Slab mode" value={mode} onChange={(e) => setSlab({ mode: e.target.value as SlabMode }, allControllers())}>
        {MODES.map((m) => <option key={m.mode} value={m.mode}>{m.label}</option>)}
      </select>
    </span>
  );
}
