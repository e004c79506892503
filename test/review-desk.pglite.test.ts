// The same review-desk tests on the embedded database (PGlite).
process.env.TEST_DB_KIND = "pglite";
await import("./review-desk.test.ts");
export {};
