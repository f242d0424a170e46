// Both adapters (Electron IPC, web host) call handlers through this one function: it checks the
// channel against the contract, validates the arguments, and turns every failure into { code, message }.
import { API_CHANNELS, type ApiChannel, type ApiEnvelope } from '../../preload/api.ts';
import { AppError, errorMessage } from '../errors.ts';
import type { Handler, HandlerContext, Handlers } from './types.ts';
import { importHandlers } from './importHandlers.ts';
import { libraryHandlers } from './libraryHandlers.ts';

export const handlers: Handlers = { ...libraryHandlers, ...importHandlers };

const channels = new Set<string>(API_CHANNELS);

export function isApiChannel(name: string): name is ApiChannel {
  return channels.has(name);
}

export async function dispatch(channel: string, rawArgs: unknown, ctx: HandlerContext): Promise<ApiEnvelope<unknown>> {
  if (!isApiChannel(channel)) return { ok: false, error: { code: 'unknown-channel', message: `There is no call named ${channel}.` } };
  const handler = handlers[channel] as unknown as Handler<ApiChannel>;
  const parsed = handler.args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
    return { ok: false, error: { code: 'invalid-argument', message: `Invalid arguments for ${channel}${where}: ${issue?.message ?? 'rejected'}.` } };
  }
  try {
    return { ok: true, value: await handler.run(parsed.data as never, ctx) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message } };
    console.error(`[api] ${channel} failed:`, errorMessage(error));
    return { ok: false, error: { code: 'internal', message: `${channel} failed: ${errorMessage(error)}` } };
  }
}
