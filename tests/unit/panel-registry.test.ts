// The side panel's registry (renderer/src/panels/definePanels.ts): adding a panel is a folder plus one
// line, so the registry itself must catch a repeated or malformed id, and keep tabs in `order`.
import { describe, expect, it } from 'vitest';
import { definePanels, nextTabIndex } from '../../renderer/src/panels/definePanels.ts';

const panel = (id: string, order: number) => ({ id, title: id, order, component: null });

describe('panel registry', () => {
  // Failing: two tabs would share an id, so clicking one would show (or test as) the other.
  it('refuses an id registered twice', () => {
    expect(() => definePanels([panel('ai', 1), panel('genomics', 2), panel('ai', 3)])).toThrow(/"ai" is registered twice/);
  });

  // Failing: an id with spaces or capitals would make test ids and aria-controls that do not match.
  it('refuses an id that is not lower case letters, digits and dashes', () => {
    expect(() => definePanels([panel('My Panel', 1)])).toThrow(/lower case/);
  });

  // Failing: tabs would appear in the order files were written, not the order the registry asks for.
  it('returns the panels in ascending order, ties in list order', () => {
    const ids = definePanels([panel('c', 30), panel('a', 10), panel('b1', 20), panel('b2', 20)]).map((p) => p.id);
    expect(ids).toEqual(['a', 'b1', 'b2', 'c']);
  });

  // Failing: arrow keys would stop at the ends or jump, instead of wrapping as WAI-ARIA tabs do.
  it('moves between tabs with arrows (wrapping), Home and End', () => {
    expect(nextTabIndex('ArrowRight', 2, 3)).toBe(0);
    expect(nextTabIndex('ArrowLeft', 0, 3)).toBe(2);
    expect(nextTabIndex('Home', 2, 3)).toBe(0);
    expect(nextTabIndex('End', 0, 3)).toBe(2);
    expect(nextTabIndex('a', 0, 3)).toBeNull();
  });
});
