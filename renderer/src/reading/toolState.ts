// Which tool the left mouse button drives: window/level by default, or a measurement tool. The others
// stay passive, so that drawn annotations can still be selected, moved and edited.
import { Enums as ToolEnums, ToolGroupManager, WindowLevelTool } from '@cornerstonejs/tools';
import { create } from 'zustand';
import { TOOL_GROUP_ID } from '../viewer/cornerstone.ts';

export const DEFAULT_TOOL = WindowLevelTool.toolName;

export const useActiveTool = create<{ name: string }>(() => ({ name: DEFAULT_TOOL }));

export function activateTool(name: string): void {
  const group = ToolGroupManager.getToolGroup(TOOL_GROUP_ID);
  const current = useActiveTool.getState().name;
  if (!group || current === name) return;
  group.setToolPassive(current);
  group.setToolActive(name, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
  useActiveTool.setState({ name });
}
