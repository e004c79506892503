// The same admin-domain tests on the embedded database (PGlite).
process.env.TEST_DB_KIND = "pglite";
await import("./admin-domain.test.ts");
export {};
