// Which tool the left mouse button drives: window/level by default, or a measurement tool. The others
// stay passive, so that drawn annotations can still be selected, moved and edited.
import { Enums as ToolEnums, ToolGroupManager, WindowLevelTool } from '@cornerstonejs/tools';
import { create } from 'zustand';
import { TOOL_GROUP_ID } from '../viewer/cornerstone.ts';
import { MPR_TOOL_GROUP_ID } from '../viewer/mpr/mprTools.ts';

export const DEFAULT_TOOL = WindowLevelTool.toolName;

export const useActiveTool = create<{ name: string }>(() => ({ name: DEFAULT_TOOL }));

/**
 * Puts `name` on the left button of each tool group that has it (the stack viewports', the MPR planes');
 * a group without it keeps its tool (the crosshairs stay on the MPR planes while a stack measures).
 */
export function activateTool(name: string): void {
  if (useActiveTool.getState().name === name) return;
  for (const group of [ToolGroupManager.getToolGroup(TOOL_GROUP_ID), ToolGroupManager.getToolGroup(MPR_TOOL_GROUP_ID)]) {
    if (!group?.hasTool(name)) continue;
    const was = group.getActivePrimaryMouseButtonTool();
    if (was && was !== name) group.setToolPassive(was);
    group.setToolActive(name, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
  }
  useActiveTool.setState({ name });
}
