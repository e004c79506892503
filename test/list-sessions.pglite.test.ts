// The same list tests on the embedded database (PGlite).
process.env.TEST_DB_KIND = "pglite";
await import("./list-sessions.test.ts");
export {};
