// The benchmark's own Next app: one no-op route handler, served as server.ts serves Checkpoint's.
const config = { poweredByHeader: false };
export default config;
