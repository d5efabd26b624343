// The Corroborate custom LSP protocol is defined once, in server/src/lsp/protocol.ts
// (owned by the server); esbuild bundles it into the client too.
export * from '../server/src/lsp/protocol';
