// The core's event bus: every event of the contract (preload/api.ts ApiEvents), typed. Jobs and
// services emit here; both transports (Electron IPC, the web host's event streams) forward everything
// with one `onAny` subscription, so an event cannot exist on one transport and not on the other.
import type { ApiEventName, ApiEvents } from '../preload/api.ts';

type AnyListener = (event: ApiEventName, payload: ApiEvents[ApiEventName]) => void;

export class EventBus {
  private readonly listeners = new Set<AnyListener>();

  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    return this.onAny((name, payload) => {
      if (name === event) listener(payload as ApiEvents[E]);
    });
  }

  onAny(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
