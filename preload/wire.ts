// JSON encoding shared by the web transport's client and server: byte arrays travel as base64
// (`{ "$bytes": "..." }`) because JSON has no binary type. Runs in the browser and in Node.

const BYTES_KEY = '$bytes';

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? { [BYTES_KEY]: bytesToBase64(v) } : v,
  );
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && BYTES_KEY in v) {
      const encoded = (v as Record<string, unknown>)[BYTES_KEY];
      if (typeof encoded === 'string') return base64ToBytes(encoded);
    }
    return v;
  });
}
