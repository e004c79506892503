// The expiry tests on the embedded database (PGlite).
process.env.TEST_DB_KIND = "pglite";
await import("./expiry.test.ts");
export {};
