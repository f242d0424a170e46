// Keyboard shortcuts of the viewer (UI.md): a key runs the command that lists it (viewerCommands.ts).
import { commandForKey } from './viewerCommands.ts';

/** Mouse gestures are not commands: the sheet lists them after the keys. */
export const MOUSE_GESTURES: ReadonlyArray<{ keys: string; action: string }> = [
  { keys: 'Wheel', action: 'previous / next image' },
  { keys: 'Left / middle / right drag', action: 'window/level / pan / zoom' },
];

/** Runs the command `event` names; true when it did (the caller then prevents the default). */
export function handleViewerKey(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA') && (target as HTMLInputElement).type !== 'range') return false;
  // Ctrl (Cmd) + a letter is a command only where one lists it ('Ctrl+Z'); Alt combinations belong to the browser.
  if (event.altKey) return false;
  const key = event.ctrlKey || event.metaKey ? `Ctrl+${event.key.toUpperCase()}` : event.key;
  const command = commandForKey(key);
  if (!command || !command.enabled()) return false;
  command.run();
  return true;
}
