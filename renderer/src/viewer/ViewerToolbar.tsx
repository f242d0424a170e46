import { useCommandState } from './useCommandState.ts';
import { VIEWER_COMMANDS, type ViewerCommand } from './viewerCommands.ts';
import { ViewMenu } from './ViewMenu.tsx';
import { MprControls } from './mpr/MprControls.tsx';
import { useViewportKinds } from './volumeMode.ts';

function CommandButton({ command }: { command: ViewerCommand & { button: NonNullable<ViewerCommand['button']> } }) {
  const active = command.active?.() ?? false;
  return (
    <button
      disabled={!command.enabled()}
      data-testid={command.button.testId}
      data-command={command.id}
      className={active ? 'active' : ''}
      aria-pressed={command.active ? active : undefined}
      title={command.keyLabel ? `${command.label} (${command.keyLabel})` : command.label}
      onClick={() => command.run()}
    >
      {active && command.button.activeText ? command.button.activeText : command.button.text}
    </button>
  );
}

/** The viewer's buttons, one per command that has one (viewerCommands.ts); disabled while no series is open. */
export function ViewerToolbar() {
  useCommandState();
  // A switch between Stack and Volume changes the active controller (and what its buttons show).
  useViewportKinds((s) => s.kinds);
  const withButtons = VIEWER_COMMANDS.filter((c): c is ViewerCommand & { button: NonNullable<ViewerCommand['button']> } => c.button !== undefined);
  const presets = withButtons.filter((c) => c.group === 'W/L presets');
  const tools = withButtons.filter((c) => c.group !== 'W/L presets');
  return (
    <div className="toolbar" role="toolbar" aria-label="Viewer tools">
      <ViewMenu />
      <span className="separator" />
      {presets.map((c) => <CommandButton key={c.id} command={c} />)}
      <span className="separator" />
      {tools.map((c) => <CommandButton key={c.id} command={c} />)}
      <MprControls />
    </div>
  );
}
