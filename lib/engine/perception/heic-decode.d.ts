declare module "heic-decode" {
  /** Decodes the first (primary) image of a HEIC file to RGBA. */
  export default function decode(input: { buffer: Uint8Array | ArrayBuffer }): Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
}
