// The MPR views' own tool group: crosshairs linking the three planes (left button by default),
// window/level, pan, zoom and the wheel through slices, the measurement tools, and one window shared
// by the three views.
import { Enums, type Types } from '@cornerstonejs/core';
import {
  addTool,
  CrosshairsTool,
  Enums as ToolEnums,
  PanTool,
  StackScrollTool,
  synchronizers,
  SynchronizerManager,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';
import { annotationToolOptions, RENDERING_ENGINE_ID } from '../cornerstone.ts';
import { ANNOTATION_TOOLS } from '../../reading/annotationTools.ts';

export const MPR_TOOL_GROUP_ID = 'precis-mpr-tools';
const VOI_SYNC_ID = 'precis-mpr-voi';
export const CROSSHAIRS = CrosshairsTool.toolName;

type ToolGroup = NonNullable<ReturnType<typeof ToolGroupManager.getToolGroup>>;

let group: ToolGroup | null = null;

/** The MPR tool group (made on first use, after cornerstoneReady()). */
export function mprToolGroup(): ToolGroup {
  if (group) return group;
  addTool(CrosshairsTool);
  const made = ToolGroupManager.createToolGroup(MPR_TOOL_GROUP_ID);
  if (!made) throw new Error('could not create the MPR tool group');
  const { MouseBindings } = ToolEnums;
  for (const tool of [CrosshairsTool, WindowLevelTool, PanTool, ZoomTool, StackScrollTool]) made.addTool(tool.toolName);
  made.setToolActive(CROSSHAIRS, { bindings: [{ mouseButton: MouseBindings.Primary }] });
  made.setToolPassive(WindowLevelTool.toolName);
  made.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  made.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
  made.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
  // Measurements on a plane: kept by Frame of Reference in patient coordinates (reading/annotationRecords.ts).
  for (const { name } of ANNOTATION_TOOLS) {
    made.addTool(name, annotationToolOptions(name));
    made.setToolPassive(name);
  }
  synchronizers.createVOISynchronizer(VOI_SYNC_ID, { syncInvertState: true, syncColormap: false });
  group = made;
  return made;
}

/** A view joins the crosshairs and the shared window. */
export function joinMpr(viewportId: string): void {
  mprToolGroup().addViewport(viewportId, RENDERING_ENGINE_ID);
  SynchronizerManager.getSynchronizer(VOI_SYNC_ID)?.add({ renderingEngineId: RENDERING_ENGINE_ID, viewportId });
  // The crosshairs centre on what the views show now (each view added moves it: recompute).
  (group?.getToolInstance(CROSSHAIRS) as { computeToolCenter?: () => void } | undefined)?.computeToolCenter?.();
}

export function leaveMpr(viewportId: string): void {
  group?.removeViewports(RENDERING_ENGINE_ID, viewportId);
  SynchronizerManager.getSynchronizer(VOI_SYNC_ID)?.remove({ renderingEngineId: RENDERING_ENGINE_ID, viewportId });
}

/** Where the crosshairs cross (patient coordinates, mm), for diagnostics. */
export function crosshairsCentre(): Types.Point3 | null {
  const tool = group?.getToolInstance(CROSSHAIRS) as { toolCenter?: Types.Point3 } | undefined;
  return tool?.toolCenter ? [...tool.toolCenter] as Types.Point3 : null;
}

export type SlabMode = 'composite' | 'mip' | 'minip' | 'average';

export const SLAB_BLEND: Record<SlabMode, Enums.BlendModes> = {
  composite: Enums.BlendModes.COMPOSITE,
  mip: Enums.BlendModes.MAXIMUM_INTENSITY_BLEND,
  minip: Enums.BlendModes.MINIMUM_INTENSITY_BLEND,
  average: Enums.BlendModes.AVERAGE_INTENSITY_BLEND,
};
