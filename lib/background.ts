import { startExpirySweeper } from "./sessions/expire-sessions.ts";
import { startWebhookWorker } from "./webhooks/deliver.ts";
import { config } from "./config.ts";

/**
 * Starts the in-process workers (webhook delivery, expiry sweeper); returns a stop function.
 * CHECKPOINT_BACKGROUND=off disables both (e.g. API-only nodes behind another worker process).
 */
export function startBackgroundWork(): () => Promise<void> {
  if (!config().background) return async () => {};
  const stopSweeper = startExpirySweeper();
  const worker = startWebhookWorker();
  return async () => {
    stopSweeper();
    await worker.stop();
  };
}
