// Used by the sandbox store, never by the stub: the one module through which it reuses the stub's transport.
// What it takes: the route table, lazy responses (written by the Node adapter without Web streams, real
// Responses for everyone else) and the Node adapter itself.
export { lazyResponse, responseFor } from './lazy-fetch.js';
export { createNodeServer, listen } from './node-adapter.js';
export { createRouteTable } from './route-table.js';
