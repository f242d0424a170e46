// Brush and eraser on a run's labelmap (issue 14, item 5): Cornerstone3D 5.14's BrushTool twice in the stack
// viewports' tool group, one filling a circle with the chosen label, one erasing (to 0) inside it. Chosen
// like the measurement tools (reading/toolState.ts: the left button), so W/L or a measurement tool takes the
// button back. The size is the brush's radius in mm.
import { addTool, BrushTool, ToolGroupManager, utilities as toolUtilities } from '@cornerstonejs/tools';
import { create } from 'zustand';
import { activateTool, DEFAULT_TOOL, useActiveTool } from '../../reading/toolState.ts';

export const LABELMAP_BRUSH = 'LabelmapBrush';
export const LABELMAP_ERASER = 'LabelmapEraser';
const DEFAULT_RADIUS_MM = 6;

type ToolGroup = NonNullable<ReturnType<typeof ToolGroupManager.getToolGroup>>;

/** The brush radius (mm) of every viewport's brush and eraser. */
export const useBrushSize = create<{ radiusMm: number }>(() => ({ radiusMm: DEFAULT_RADIUS_MM }));

/** Adds the brush and the eraser to a tool group (once per page, at set-up). */
export function addLabelmapEditTools(group: ToolGroup): void {
  addTool(BrushTool);
  group.addToolInstance(LABELMAP_BRUSH, BrushTool.toolName, { activeStrategy: 'FILL_INSIDE_CIRCLE', brushSize: DEFAULT_RADIUS_MM });
  group.addToolInstance(LABELMAP_ERASER, BrushTool.toolName, { activeStrategy: 'ERASE_INSIDE_CIRCLE', brushSize: DEFAULT_RADIUS_MM });
  group.setToolDisabled(LABELMAP_BRUSH);
  group.setToolDisabled(LABELMAP_ERASER);
}

/** Puts the brush or the eraser on the left button; the same again gives the button back to window/level. */
export function toggleEditTool(name: typeof LABELMAP_BRUSH | typeof LABELMAP_ERASER, toolGroupId: string): void {
  if (useActiveTool.getState().name === name) {
    activateTool(DEFAULT_TOOL);
    ToolGroupManager.getToolGroup(toolGroupId)?.setToolDisabled(name);
    return;
  }
  const other = name === LABELMAP_BRUSH ? LABELMAP_ERASER : LABELMAP_BRUSH;
  activateTool(name);
  ToolGroupManager.getToolGroup(toolGroupId)?.setToolDisabled(other);
  toolUtilities.segmentation.setBrushSizeForToolGroup(toolGroupId, useBrushSize.getState().radiusMm);
}

export function setBrushRadius(radiusMm: number, toolGroupId: string): void {
  useBrushSize.setState({ radiusMm });
  toolUtilities.segmentation.setBrushSizeForToolGroup(toolGroupId, radiusMm);
}
