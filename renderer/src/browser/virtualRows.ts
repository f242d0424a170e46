// A small windowed list: only the rows in (and just around) the visible part of a scrolling element
// are rendered, so a list of 10,000 patients costs what a list of 30 costs. Rows have one fixed
// height (px), which makes the visible range plain arithmetic.
import { useEffect, useState, type RefObject } from 'react';

export interface RowRange {
  /** First rendered row (inclusive). */
  start: number;
  /** Row after the last rendered one (exclusive). */
  end: number;
}

/** Rows to render for a viewport of `height` px scrolled to `scrollTop` px, plus `overscan` rows each side. */
export function visibleRows(scrollTop: number, height: number, rowHeight: number, count: number, overscan: number): RowRange {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, height)) / rowHeight);
  return { start: Math.max(0, Math.min(count, first - overscan)), end: Math.min(count, last + overscan) };
}

/** Follows the scroll position and the height of `element` (px); re-renders when either changes. */
export function useScrollWindow(element: RefObject<HTMLElement | null>): { scrollTop: number; height: number } {
  const [view, setView] = useState({ scrollTop: 0, height: 0 });
  useEffect(() => {
    const target = element.current;
    if (!target) return;
    const update = (): void => setView({ scrollTop: target.scrollTop, height: target.clientHeight });
    update();
    target.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(target);
    return () => {
      target.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, [element]);
  return view;
}
