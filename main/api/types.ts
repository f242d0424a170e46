import type { z } from 'zod';
import type { ApiArgs, ApiChannel, ApiEventName, ApiEvents, ApiResult } from '../../preload/api.ts';
import type { Core } from '../core.ts';
import type { ImportRoots } from './importRoots.ts';

/** What every handler gets besides its validated arguments. */
export interface HandlerContext {
  core: Core;
  transport: 'electron' | 'web';
  /**
   * Folders import.start may read by path (see importRoots.ts). Absent: 'any' for the Electron shell,
   * whose paths come from its own file dialog; nothing for the web host.
   */
  importRoots?: ImportRoots;
  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void;
}

export interface Handler<C extends ApiChannel> {
  args: z.ZodType<ApiArgs<C>>;
  run(args: ApiArgs<C>, ctx: HandlerContext): Promise<ApiResult<C>> | ApiResult<C>;
}

/** One handler per channel: a channel declared in preload/api.ts without a handler does not compile. */
export type Handlers = { [C in ApiChannel]: Handler<C> };
