// The pure part of the panel registry: what a registration is, and the checks that make "a folder plus
// one registry line" safe (an id used twice would give two tabs the same test id and aria wiring).
// Generic over the component type so that it runs without React (Vitest, scripts).

export interface PanelRegistration<C> {
  /** Stable and unique: the tab is `panel-tab-<id>`, the body `panel-<id>`. Lower case, digits, dashes. */
  id: string;
  /** The tab's label. */
  title: string;
  /** Tabs are shown in ascending order (ties keep the list's order). */
  order: number;
  /** The panel's body, rendered only while its tab is selected. */
  component: C;
  /** A hook giving a count for the tab (e.g. unread findings); null or 0 shows none. */
  useBadge?: () => number | null;
}

const ID = /^[a-z][a-z0-9-]*$/;

/** Checks the registrations and returns them in tab order; throws on a bad or repeated id. */
export function definePanels<C>(panels: ReadonlyArray<PanelRegistration<C>>): ReadonlyArray<PanelRegistration<C>> {
  const seen = new Set<string>();
  for (const panel of panels) {
    if (!ID.test(panel.id)) throw new Error(`panel id "${panel.id}" must be lower case letters, digits and dashes`);
    if (seen.has(panel.id)) throw new Error(`panel id "${panel.id}" is registered twice`);
    seen.add(panel.id);
  }
  return [...panels].sort((a, b) => a.order - b.order);
}

/** The tab index after a key press in a tablist of `count` tabs (wrapping), or null for other keys. */
export function nextTabIndex(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  if (key === 'ArrowRight' || key === 'ArrowDown') return (current + 1) % count;
  if (key === 'ArrowLeft' || key === 'ArrowUp') return (current - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}
