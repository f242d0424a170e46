// Cornerstone3D set-up, once per page: core, the DICOM image loader (legacy metadata path: it decodes
// more of the shared test files exactly, see shared/notes/cornerstone3d-5.14-decoding.md), and the tools.
import { cache, Enums, imageLoadPoolManager, init as coreInit, RenderingEngine } from '@cornerstonejs/core';
import { init as loaderInit } from '@cornerstonejs/dicom-image-loader';
import { pixelBaseUrl, precis } from '../api/client.ts';
import { registerPrecisLoader } from './precisLoader.ts';
import { registerPrecisMetadata } from './precisMetadata.ts';
import { addLabelmapEditTools } from './labelmaps/labelmapEditing.ts';
import { ANNOTATION_TOOLS } from '../reading/annotationTools.ts';
import { askAnnotationText } from '../reading/TextPrompt.tsx';
import {
  addTool,
  init as toolsInit,
  PanTool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  Enums as ToolEnums,
} from '@cornerstonejs/tools';

export const RENDERING_ENGINE_ID = 'precis-engine';
export const TOOL_GROUP_ID = 'precis-stack-tools';

const PREFETCH_IN_FLIGHT = 4;
/**
 * Decoded images (and volumes) Cornerstone keeps: a few series at once, not its 3 GiB default. A
 * 512 x 512 CT series of 300 images is 150 MB (300 MB as float); a 600-slice volume beside its stack
 * images about 600 MB. Beyond this the least recently used images go and load again when shown.
 */
const IMAGE_CACHE_BYTES = 1024 * 1024 * 1024;

let ready: Promise<RenderingEngine> | null = null;

/** A measurement tool's options in a tool group (the stack viewports', the MPR planes'). */
export function annotationToolOptions(name: string): Record<string, unknown> {
  // No window.prompt for the arrow's text (Electron has none): the page asks (reading/TextPrompt.tsx).
  return name === 'ArrowAnnotate'
    ? { getTextCallback: askAnnotationText, changeTextCallback: (_data: unknown, _e: unknown, done: (text: string) => void) => askAnnotationText(done) }
    : {};
}

async function setUp(): Promise<RenderingEngine> {
  await coreInit();
  loaderInit({
    maxWebWorkers: Math.max(1, Math.floor((navigator.hardwareConcurrency || 2) / 2)),
    useLegacyMetadataProvider: true,
    // Images are patient data: the web host serves them only to requests carrying the session header
    // (a cookie alone, which browsers send to every port of 127.0.0.1, is not enough).
    beforeSend: () => precis().requestHeaders?.(),
    // No wasmBasePath: the build rewrites the codecs' .wasm URLs to the hashed copies it emits into the
    // app's own assets/ (never a CDN); a base path would point at unhashed names that do not exist.
  });
  // Prefetching (stackController) keeps a few images in flight, not the whole series at once: 300
  // simultaneous 0.5 MB downloads and parses only raise the memory peak and delay the image on screen.
  // The viewer's own image ids (precis:<case>/<sop>/<frame>) and their metadata; see imageIds.ts.
  registerPrecisLoader(pixelBaseUrl);
  registerPrecisMetadata();
  imageLoadPoolManager.setMaxSimultaneousRequests(Enums.RequestType.Prefetch, PREFETCH_IN_FLIGHT);
  cache.setMaxCacheSize(IMAGE_CACHE_BYTES);
  toolsInit();
  for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool]) addTool(tool);
  const group = ToolGroupManager.createToolGroup(TOOL_GROUP_ID);
  if (!group) throw new Error('could not create the tool group');
  const { MouseBindings } = ToolEnums;
  for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool]) group.addTool(tool.toolName);
  group.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }] });
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
  group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
  // Measurement tools: passive (drawn ones can be selected and edited) until chosen (reading/toolState.ts).
  for (const { name, tool } of ANNOTATION_TOOLS) {
    addTool(tool as never);
    group.addTool(name, annotationToolOptions(name));
    group.setToolPassive(name);
  }
  addLabelmapEditTools(group);
  return new RenderingEngine(RENDERING_ENGINE_ID);
}

export function cornerstoneReady(): Promise<RenderingEngine> {
  ready ??= setUp();
  return ready;
}
