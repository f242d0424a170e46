// Cornerstone3D sizes its canvas once, at enableElement: a viewport must resize it with its element
// (window, panels, the note under the image), or the image is drawn stretched into the new box.
import type { RenderingEngine } from '@cornerstonejs/core';

/** Resizes the engine's canvases whenever `element` changes size; returns the function that stops it. */
export function followElementSize(engine: RenderingEngine, element: HTMLElement): () => void {
  let size = `${element.clientWidth}x${element.clientHeight}`;
  const observer = new ResizeObserver(() => {
    const next = `${element.clientWidth}x${element.clientHeight}`;
    if (next === size) return;
    size = next;
    engine.resize(true, true);
  });
  observer.observe(element);
  return () => observer.disconnect();
}
