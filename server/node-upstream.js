// Used on Node itself, by server/main.js and by Node programs that make the handler (the package's
// ./server/node-upstream export): the BigCommerce client for createHandler(config, { core, fetch }).
// The handler never picks a Node client by itself: its default is the platform's fetch, so an edge bundle of it
// contains neither undici nor a node: module. On Node, undici's request API costs about a third of the CPU of
// node:http per call and a tenth of Node's global fetch (server/transport/undici-fetch.js); node:http with
// keep-alive is the fallback when the undici package cannot be loaded.
import { EventEmitter } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { createKeepAliveFetch } from './transport/keep-alive-fetch.js';
import { createUndiciFetch } from './transport/undici-fetch.js';

/**
 * Whether this is Node itself. Bun and Deno both set process.versions.node (for npm packages), so they are
 * told apart by their own version fields.
 */
export function isNodeItself(proc = globalThis.process) {
  const versions = proc?.versions;
  return typeof versions?.node === 'string' && !versions.bun && !versions.deno;
}

/**
 * The client to hand createHandler on Node itself: undici's request API, else node:http with keep-alive.
 * Elsewhere (Bun, Deno, an edge runtime) it resolves to undefined, and createHandler uses the platform's fetch.
 * A client that cannot work here fails now, with UpstreamClientError (code upstream_client_unusable).
 * @returns {Promise<(typeof fetch & { acceptsTimeout: true, close?: () => Promise<void> }) | undefined>}
 */
export async function createNodeUpstreamFetch() {
  if (!isNodeItself()) return undefined;
  let undici;
  try {
    undici = await import('undici');
  } catch {
    return createKeepAliveFetch({ http, https, zlib });
  }
  return createUndiciFetch({ undici, zlib, EventEmitter });
}
