import { useEffect } from 'react';
import { useApp } from '../state/store.ts';
import { useLayout } from './layoutStore.ts';
import { handleViewerKey } from './shortcuts.ts';
import { ViewerToolbar } from './ViewerToolbar.tsx';
import { TextPrompt } from '../reading/TextPrompt.tsx';
import { KeyImagesStrip } from '../reading/KeyImagesStrip.tsx';
import { Viewport } from './Viewport.tsx';
import { activeController } from './viewportRegistry.ts';
import { useViewportKinds } from './volumeMode.ts';
import { useSync } from './sync/syncState.ts';
import { useHanging } from './hanging.ts';

/** Hidden instances of the open series (not displayable), said under the image with the reason. */
function ViewerNote() {
  const open = useApp((s) => s.open);
  useViewportKinds((s) => s.kinds);
  // A boolean, not the render state itself: loading -> rendered on every image must not re-render this.
  const unsupported = activeController().store((s) => s.renderState === 'unsupported');
  const hidden = open ? open.instances.filter((i) => !i.displayable) : [];
  if (!open || hidden.length === 0 || unsupported) return null;
  return (
    <div className="viewer-note" data-testid="viewer-note">
      {hidden.length} of {open.instances.length} instances in this series cannot be shown: {hidden[0]?.reason}
    </div>
  );
}

/** Why synchronised scrolling could not follow (unlinked Frames of Reference), or what linking did. */
function SyncNote() {
  const note = useSync((s) => s.note);
  const hanging = useHanging((s) => s.note);
  return (
    <>
      {note && <div className="viewer-note" data-testid="sync-note">{note}</div>}
      {hanging && <div className="viewer-note" data-testid="hanging-note">{hanging}</div>}
    </>
  );
}

/** The viewer: the toolbar over the layout's viewports (1x1 today). Keys run commands (shortcuts.ts). */
export function Viewer() {
  const layout = useLayout((s) => s.layout);
  const viewportIds = useLayout((s) => s.viewportIds);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (handleViewerKey(event)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section className="viewer">
      <ViewerToolbar />
      <div className={`viewport-grid layout-${layout}`}>
        {viewportIds.map((id) => <Viewport key={id} viewportId={id} />)}
      </div>
      <KeyImagesStrip />
      <ViewerNote />
      <SyncNote />
      <TextPrompt />
    </section>
  );
}
