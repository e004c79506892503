import { startExpirySweeper } from "./sessions/expire-sessions.ts";
import { startWebhookWorker } from "./webhooks/deliver.ts";
import { startReconcileWorker } from "./veriff/reconcile.ts";
import { config } from "./config.ts";
import { startEngineWorker } from "./engine/engine-worker.ts";
import { startRetentionJob } from "./privacy/run-retention.ts";
import { startBulkWorker } from "./bulk/run-batches.ts";
import { startEmailWorker } from "./email/deliver-email.ts";

/**
 * Starts the in-process workers (webhook delivery, expiry sweeper, retention, Veriff reconcile,
 * the verification engine, bulk links, e-mail); returns a stop function. CHECKPOINT_BACKGROUND=off disables all of them
 * (e.g. API-only nodes behind another worker process); CHECKPOINT_ENGINE=off only the engine.
 */
export function startBackgroundWork(): () => Promise<void> {
  if (!config().background) return async () => {};
  const stopSweeper = startExpirySweeper();
  const stopRetention = startRetentionJob();
  const worker = startWebhookWorker();
  const reconcile = startReconcileWorker();
  const bulk = startBulkWorker();
  // Without SMTP_URL nothing is ever written to the e-mail outbox.
  const email = config().smtp ? startEmailWorker() : null;
  const engine = config().engine;
  const engineWorker = engine.enabled ? startEngineWorker({ concurrency: engine.concurrency, pollMs: engine.pollMs }) : null;
  return async () => {
    stopSweeper();
    stopRetention();
    await Promise.all([worker.stop(), reconcile.stop(), engineWorker?.stop(), bulk.stop(), email?.stop()]);
  };
}
