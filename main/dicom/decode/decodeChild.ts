// The GDCM decoder's own process: a WebAssembly decoder that aborts or runs out of memory ends this
// process, never the app (main/services/decode/decodePool.ts starts another). Requests arrive over IPC, one at a time.
import { errorMessage } from '../../errors.ts';
import { gdcmDecode, warmDecoder } from './gdcmDecode.ts';

process.on('message', (message: { id: number; bytes: Uint8Array } | { warm: true }) => {
  // A failed warm-up is not an error: the first real request says what went wrong.
  if ('warm' in message) return void warmDecoder().catch(() => undefined);
  void gdcmDecode(new Uint8Array(message.bytes)).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: errorMessage(error) }),
  );
});
// The app went away: so does its decoder.
process.on('disconnect', () => process.exit(0));
