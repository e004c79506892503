// The Veriff-backed integration tests with Checkpoint's side on the embedded database (PGlite).
process.env.TEST_DB_KIND = "pglite";
await import("./veriff-domain.test.ts");
export {};
