import { startExpirySweeper } from "./sessions/expire-sessions.ts";
import { startWebhookWorker } from "./webhooks/deliver.ts";
import { startReconcileWorker } from "./veriff/reconcile.ts";
import { config } from "./config.ts";

/**
 * Starts the in-process workers (webhook delivery, expiry sweeper, Veriff reconcile); returns a
 * stop function. CHECKPOINT_BACKGROUND=off disables them all (e.g. API-only nodes behind another worker process).
 */
export function startBackgroundWork(): () => Promise<void> {
  if (!config().background) return async () => {};
  const stopSweeper = startExpirySweeper();
  const worker = startWebhookWorker();
  const reconcile = startReconcileWorker();
  return async () => {
    stopSweeper();
    await Promise.all([worker.stop(), reconcile.stop()]);
  };
}
