// The webhook delivery tests on the embedded database (PGlite).
process.env.TEST_DB_KIND = "pglite";
await import("./webhooks.test.ts");
export {};
