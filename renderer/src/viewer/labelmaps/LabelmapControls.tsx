// The AI masks' controls on a stack viewport: shown only when the open series has runs with masks. One
// toggle and one opacity slider for all of them, and on a stack the brush and eraser of the newest run;
// `data-labelmap-state` is what tests wait on.
import { useStore } from 'zustand';
import { LabelmapEditControls } from './LabelmapEditControls.tsx';
import type { LabelmapLayer } from './labelmapLayer.ts';
import './labelmaps.css';

export function LabelmapControls({ layer }: { layer: LabelmapLayer }): React.JSX.Element | null {
  const s = useStore(layer.store);
  if (s.state === 'none') return null;
  const names = s.runs.flatMap((r) => r.labels.map((l) => l.name)).join(', ');
  return (
    <div className="labelmap-controls" data-testid="labelmap-controls" data-labelmap-state={s.state} data-labelmap-visible={String(s.visible)}>
      <button
        type="button"
        data-testid="labelmap-toggle"
        aria-pressed={s.visible}
        title={s.message ?? `AI masks (proposed): ${names}`}
        onClick={() => layer.setVisible(!s.visible)}
      >
        {s.visible ? 'Hide AI mask' : 'Show AI mask'}
      </button>
      <input
        type="range"
        data-testid="labelmap-opacity"
        aria-label="AI mask opacity"
        min={0}
        max={100}
        value={Math.round(s.opacity * 100)}
        onChange={(e) => layer.setOpacity(Number(e.target.value) / 100)}
      />
      <LabelmapEditControls layer={layer} />
    </div>
  );
}
