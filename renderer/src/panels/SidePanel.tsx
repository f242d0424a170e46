// The right-hand side panel: one tab per registered panel (panels/registry.ts), WAI-ARIA tabs with
// automatic activation: arrow keys move between tabs and show the tab reached, Home/End go to the ends.
import { useRef, useState, type KeyboardEvent } from 'react';
import { nextTabIndex } from './definePanels.ts';
import { PANELS, type Panel } from './registry.ts';

function Badge({ panel }: { panel: Panel & { useBadge: () => number | null } }) {
  const count = panel.useBadge();
  return count ? <span className="badge num" data-testid={`panel-badge-${panel.id}`}>{count}</span> : null;
}

export function SidePanel() {
  const [selected, setSelected] = useState(PANELS[0]?.id ?? '');
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});
  const current = PANELS.find((p) => p.id === selected) ?? PANELS[0];

  const onKeyDown = (event: KeyboardEvent): void => {
    const index = PANELS.findIndex((p) => p.id === selected);
    const next = nextTabIndex(event.key, index, PANELS.length);
    const panel = next === null ? undefined : PANELS[next];
    if (!panel) return;
    // Keys must not reach the viewer's shortcuts (arrows page through images there).
    event.preventDefault();
    event.stopPropagation();
    setSelected(panel.id);
    tabs.current[panel.id]?.focus();
  };

  if (!current) return null;
  const Body = current.component;
  return (
    <aside className="side-panel" aria-label="Findings" data-testid="side-panel">
      <div className="tabs" role="tablist" aria-label="Side panels" onKeyDown={onKeyDown}>
        {PANELS.map((panel) => {
          const active = panel.id === current.id;
          return (
            <button
              key={panel.id}
              ref={(el) => void (tabs.current[panel.id] = el)}
              id={`panel-tab-${panel.id}`}
              className={`tab ${active ? 'active' : ''}`}
              role="tab"
              aria-selected={active}
              aria-controls={`panel-${panel.id}`}
              tabIndex={active ? 0 : -1}
              data-testid={`panel-tab-${panel.id}`}
              onClick={() => setSelected(panel.id)}
            >
              {panel.title}
              {panel.useBadge && <Badge panel={panel as Panel & { useBadge: () => number | null }} />}
            </button>
          );
        })}
      </div>
      <div id={`panel-${current.id}`} role="tabpanel" aria-labelledby={`panel-tab-${current.id}`} tabIndex={0} data-testid={`panel-${current.id}`}>
        <Body />
      </div>
    </aside>
  );
}
