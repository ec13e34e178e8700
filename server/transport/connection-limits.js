// Used on Node by the Node adapter, and by the configuration (which runs everywhere, so no node: imports here).
// Slow and greedy clients: a client that trickles its headers or body holds a socket and up to a body's worth
// of memory, so both have a deadline of a few seconds (Node's own defaults are 60 s and 300 s, checked every
// 30 s), open connections are capped in all and per client address, and so are requests under way per client.
export const CONNECTION_LIMITS = Object.freeze({
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  maxConnections: 10_000,
  maxConnectionsPerClient: 256,
  maxRequestsPerClient: 64,
});
