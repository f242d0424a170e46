// Both adapters (Electron IPC, web host) call handlers through this one function: it checks the
// channel against the contract, validates the arguments, and turns every failure into { code, message }.
import { API_CHANNELS, type ApiChannel, type ApiEnvelope } from '../../preload/api.ts';
import { AppError } from '../errors.ts';
import type { Handler, HandlerContext, Handlers } from './types.ts';
import { annotationHandlers } from './annotationHandlers.ts';
import { caseHandlers } from './caseHandlers.ts';
import { importHandlers } from './importHandlers.ts';
import { keyImageHandlers } from './keyImageHandlers.ts';
import { libraryHandlers } from './libraryHandlers.ts';
import { viewerArrangementHandlers } from './viewerArrangementHandlers.ts';
import { reportHandlers } from './reportHandlers.ts';
import { aiHandlers } from './aiHandlers.ts';
import { genomicsHandlers } from './genomicsHandlers.ts';
import { knowledgeHandlers } from './knowledgeHandlers.ts';
import { variantHandlers } from './variantHandlers.ts';

export const handlers: Handlers = { ...libraryHandlers, ...importHandlers, ...annotationHandlers, ...keyImageHandlers, ...viewerArrangementHandlers, ...caseHandlers, ...reportHandlers, ...aiHandlers, ...genomicsHandlers, ...knowledgeHandlers, ...variantHandlers };

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
    // The details (a library's own words, a stack) go to the local log, not to the user.
    console.error(`[api] ${channel} failed:`, error);
    return { ok: false, error: { code: 'internal', message: 'Precis could not do this; the log of the app says why. Try again, and report it if it happens again.' } };
  }
}
