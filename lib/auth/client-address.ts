/**
 * The client address the sign-in throttle keys on: the socket's peer address, set by server.ts
 * as `x-checkpoint-peer` (any client-sent value is overwritten there). X-Forwarded-For is not
 * trusted here: a client could send a new one with every guess.
 */
export function clientAddress(headers: Record<string, string | string[] | undefined> | Headers): string | null {
  const get = (name: string) => {
    if (headers instanceof Headers) return headers.get(name);
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const peer = get("x-checkpoint-peer")?.trim();
  if (!peer) return null;
  return peer.startsWith("::ffff:") ? peer.slice(7) : peer;
}
