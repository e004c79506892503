// The same sessions-domain tests on the embedded database (PGlite).
process.env.TEST_DB_KIND = "pglite";
await import("./sessions-domain.test.ts");
export {};
