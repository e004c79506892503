// The reconcile workers of this process, woken when there is work now (a decision to fetch media for).
const wakers = new Set<() => void>();

export function onReconcileWake(fn: () => void): () => void {
  wakers.add(fn);
  return () => wakers.delete(fn);
}

export function wakeReconcile() {
  for (const w of wakers) w();
}
