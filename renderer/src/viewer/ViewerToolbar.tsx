import type { ReactNode } from 'react';
import { useCommandState } from './useCommandState.ts';
import { VIEWER_COMMANDS, type ViewerCommand } from './viewerCommands.ts';
import { ViewMenu } from './ViewMenu.tsx';
import { TOOLBAR_ICONS } from './toolbarIcons.ts';
import { MprControls } from './mpr/MprControls.tsx';
import { useViewportKinds } from './volumeMode.ts';

function CommandButton({ command }: { command: ViewerCommand & { button: NonNullable<ViewerCommand['button']> } }) {
  const active = command.active?.() ?? false;
  const Icon = TOOLBAR_ICONS[command.id];
  const text = active && command.button.activeText ? command.button.activeText : command.button.text;
  return (
    <button
      disabled={!command.enabled()}
      data-testid={command.button.testId}
      data-command={command.id}
      className={`${active ? 'active' : ''}${Icon ? ' icon' : ''}`}
      aria-pressed={command.active ? active : undefined}
      title={command.keyLabel ? `${command.label} (${command.keyLabel})` : command.label}
      onClick={() => command.run()}
    >
      {Icon ? (
        <>
          <Icon size={16} aria-hidden="true" />
          <span className="sr-only">{text}</span>
        </>
      ) : text}
    </button>
  );
}

/** The viewer's buttons, one per command that has one (viewerCommands.ts); disabled while no series is open. */
export function ViewerToolbar() {
  useCommandState();
  // A switch between Stack and Volume changes the active controller (and what its buttons show).
  useViewportKinds((s) => s.kinds);
  const withButtons = VIEWER_COMMANDS.filter((c): c is ViewerCommand & { button: NonNullable<ViewerCommand['button']> } => c.button !== undefined);
  // Sections in the shortcut sheet's order, W/L presets first: tools, images (key image), view (with the
  // shortcut sheet), the viewports' arrangement (layouts, hanging, priors; the MPR slab). A section wraps
  // as a whole.
  const arrangement = (c: ViewerCommand): boolean => /^(layout|hanging|compare|sync)\./.test(c.id);
  const sections: Array<{ name: string; commands: typeof withButtons; extra?: ReactNode }> = [
    { name: 'W/L presets', commands: withButtons.filter((c) => c.group === 'W/L presets') },
    { name: 'Tools', commands: withButtons.filter((c) => c.group === 'Tools') },
    { name: 'Images', commands: withButtons.filter((c) => c.group === 'Images') },
    { name: 'View', commands: withButtons.filter((c) => (c.group === 'View' && !arrangement(c)) || c.group === 'Help') },
    { name: 'Layout', commands: withButtons.filter((c) => c.group === 'View' && arrangement(c)), extra: <MprControls /> },
  ];
  return (
    <div className="toolbar" role="toolbar" aria-label="Viewer tools">
      <ViewMenu />
      {sections.filter((s) => s.commands.length > 0).map((s) => (
        <span key={s.name} className="toolbar-section" role="group" aria-label={s.name}>
          {s.commands.map((c) => <CommandButton key={c.id} command={c} />)}
          {s.extra}
        </span>
      ))}
    </div>
  );
}
