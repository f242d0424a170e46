import { CT_PRESETS } from './presets.ts';
import { stack } from './stackController.ts';
import { useShallow } from 'zustand/react/shallow';
import { useViewer } from './viewerStore.ts';

/** The viewer's buttons; disabled while no series is open. */
export function ViewerToolbar({ enabled }: { enabled: boolean }) {
  // Not redrawn for every image while scrolling: only the states its buttons show.
  const v = useViewer(useShallow((s) => ({ activePreset: s.activePreset, invert: s.invert, cine: s.cine, showOverlays: s.showOverlays, showShortcuts: s.showShortcuts })));
  return (
    <div className="toolbar" role="toolbar" aria-label="Viewer tools">
      {CT_PRESETS.map((p, i) => (
        <button
          key={p.name}
          disabled={!enabled}
          data-testid={`wl-preset-${p.name}`}
          className={v.activePreset === p.name ? 'active' : ''}
          title={`${p.label} window: W ${p.width} L ${p.center} (${i + 1})`}
          onClick={() => stack.applyPreset(p)}
        >
          {p.label}
        </button>
      ))}
      <span className="separator" />
      <button disabled={!enabled} data-testid="tool-zoom-in" title="Zoom in (right drag)" onClick={() => stack.zoomBy(1.25)}>Zoom +</button>
      <button disabled={!enabled} data-testid="tool-zoom-out" title="Zoom out (right drag)" onClick={() => stack.zoomBy(0.8)}>Zoom −</button>
      <button disabled={!enabled} data-testid="tool-invert" className={v.invert ? 'active' : ''} title="Invert (I)" onClick={() => stack.toggleInvert()}>Invert</button>
      <button disabled={!enabled} data-testid="tool-cine" className={v.cine ? 'active' : ''} title="Cine (Space)" onClick={() => stack.toggleCine()}>{v.cine ? 'Stop' : 'Cine'}</button>
      <button disabled={!enabled} data-testid="tool-reset" title="Reset (R)" onClick={() => stack.reset()}>Reset</button>
      <button disabled={!enabled} data-testid="tool-overlays" title="Overlays on/off (O)" onClick={() => useViewer.setState({ showOverlays: !v.showOverlays })}>Overlays</button>
      <button disabled={!enabled} data-testid="tool-shortcuts" title="Keyboard shortcuts (?)" onClick={() => useViewer.setState({ showShortcuts: !v.showShortcuts })}>?</button>
    </div>
  );
}
