import { useEffect, useRef } from 'react';
import { useLayout } from './layoutStore.ts';
import { useCommandState } from './useCommandState.ts';
import { COMMAND_GROUPS, VIEWER_COMMANDS } from './viewerCommands.ts';

const close = (): void => useLayout.setState({ showMenu: false });

/** The "View" menu: every viewer command with its keys, grouped as in the shortcut sheet. */
export function ViewMenu() {
  useCommandState();
  const open = useLayout((s) => s.showMenu);
  const root = useRef<HTMLDivElement>(null);

  // A click anywhere else or Escape closes it, as menus do.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent): void => {
      if (!root.current?.contains(e.target as Node)) close();
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('pointerdown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('pointerdown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="view-menu" ref={root}>
      <button data-testid="view-menu" aria-haspopup="menu" aria-expanded={open} title="Every viewer command and its keys" onClick={() => useLayout.setState({ showMenu: !open })}>
        View ▾
      </button>
      {open && (
        <div className="menu" role="menu" aria-label="View" data-testid="view-menu-list">
          {COMMAND_GROUPS.map((group) => (
            <div key={group} role="group" aria-label={group}>
              <div className="menu-group">{group}</div>
              {VIEWER_COMMANDS.filter((c) => c.group === group).map((c) => (
                <button
                  key={c.id}
                  role="menuitem"
                  data-testid={`menu-${c.id}`}
                  disabled={!c.enabled()}
                  onClick={() => {
                    close();
                    c.run();
                  }}
                >
                  <span>{c.label}</span>
                  <kbd>{c.keyLabel}</kbd>
                </button>
              ))}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
