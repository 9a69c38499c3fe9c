/** Small decoders for Tiled JSON values, shared by the importer (tiled.ts) and the parser (parse.ts). */

/** Base64 tile data as bytes, or null if it is not valid base64 (whitespace is ignored). */
export function base64ToBytes(s: string): Uint8Array | null {
  const clean = s.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return null;
  let bin: string;
  try {
    bin = atob(clean);
  } catch {
    return null;
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** A Tiled bool property (true, or the string "true" some tools write). */
export function asBool(v: unknown): boolean {
  return v === true || v === "true";
}
