"use client";
import { config } from "zod";

// zod 4 probes for eval (`new Function("")`) before its first object parse, to compile faster
// parsers. The Content-Security-Policy allows no eval, so in the browser the probe is refused and
// reported as a violation; jitless skips it. (The server keeps the compiled parsers.) Rendered by
// the root layout, so it runs before any page's component parses anything.
config({ jitless: true });

export function ZodJitless() {
  return null;
}
