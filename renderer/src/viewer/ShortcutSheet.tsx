import { MOUSE_GESTURES } from './shortcuts.ts';
import { COMMAND_GROUPS, VIEWER_COMMANDS } from './viewerCommands.ts';

/** The `?` sheet: every command that has keys, by group, then the mouse gestures. */
export function ShortcutSheet() {
  return (
    <div className="shortcut-sheet" role="dialog" aria-label="Keyboard shortcuts" data-testid="shortcut-sheet">
      <h3>Keyboard shortcuts</h3>
      <table>
        {COMMAND_GROUPS.map((group) => (
          <tbody key={group}>
            <tr><th colSpan={2}>{group}</th></tr>
            {VIEWER_COMMANDS.filter((c) => c.group === group && c.keys.length > 0).map((c) => (
              <tr key={c.id} data-command={c.id}><td className="keys">{c.keyLabel}</td><td>{c.label}</td></tr>
            ))}
          </tbody>
        ))}
        <tbody>
          <tr><th colSpan={2}>Mouse</th></tr>
          {MOUSE_GESTURES.map((g) => (
            <tr key={g.keys}><td className="keys">{g.keys}</td><td>{g.action}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
