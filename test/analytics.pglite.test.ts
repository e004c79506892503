// The analytics tests on the embedded database (PGlite), the real server included.
process.env.TEST_DB_KIND = "pglite";
await import("./analytics.test.ts");
export {};
