// The GDCM decoder's own process: a WebAssembly decoder that aborts or runs out of memory ends this
// process, never the app (main/services/decode/decodePool.ts starts another). Requests arrive over IPC, one at a time.
import { errorMessage } from '../../errors.ts';
import { gdcmDecode } from './gdcmDecode.ts';

process.on('message', (message: { id: number; bytes: Uint8Array }) => {
  void gdcmDecode(new Uint8Array(message.bytes)).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: errorMessage(error) }),
  );
});
// The app went away: so does its decoder.
process.on('disconnect', () => process.exit(0));
