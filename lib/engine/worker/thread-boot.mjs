// A worker thread's entry: tsx's loader is registered per thread (the server's own registration
// does not reach workers), then the TypeScript entry named in workerData is loaded.
import { workerData } from "node:worker_threads";

const { register } = await import("tsx/esm/api");
register();
await import(workerData.entry);
