// The same data-layer tests on the embedded database (PGlite).
process.env.TEST_DB_KIND = "pglite";
await import("./data-layer.test.ts");
export {};
