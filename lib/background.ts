import { startExpirySweeper } from "./sessions/expire-sessions.ts";
import { startWebhookWorker } from "./webhooks/deliver.ts";

/**
 * Starts the in-process workers (webhook delivery, expiry sweeper); returns a stop function.
 * CHECKPOINT_BACKGROUND=off disables both (e.g. API-only nodes behind another worker process).
 */
export function startBackgroundWork(): () => Promise<void> {
  if (process.env.CHECKPOINT_BACKGROUND === "off") return async () => {};
  const stopSweeper = startExpirySweeper();
  const worker = startWebhookWorker();
  return async () => {
    stopSweeper();
    await worker.stop();
  };
}
