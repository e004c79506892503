// The same privacy tests on the embedded database (PGlite).
process.env.TEST_DB_KIND = "pglite";
await import("./privacy.test.ts");
export {};
