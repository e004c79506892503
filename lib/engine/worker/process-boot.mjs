// A perception worker process's entry: registers tsx's loader, then loads the TypeScript entry
// named on the command line.
const { register } = await import("tsx/esm/api");
register();
await import(process.argv[2]);
