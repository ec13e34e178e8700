// The stub's transport as the sandbox store reuses it: the route table, lazy responses (written by the Node
// adapter without Web streams, real Responses for everyone else) and the Node adapter itself.
export { lazyResponse, responseFor } from './lazy-fetch.js';
export { createNodeServer, listen } from './node-adapter.js';
export { createRouteTable } from './route-table.js';
