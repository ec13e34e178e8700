// Used on every platform by the stub's handler; the Node adapter writes these objects without building real ones.
// Request and Response objects that build the real (undici) object only when something needs it.
//
// Why: on Node, a real Request or Response with a body costs a Web stream, its controller and a chain of
// promises, read back a moment later. Measured on loopback under 50 connections, that was about 170 µs of CPU
// per request for the Request and 120 µs for the Response, in both the stub and the sandbox: more than the
// whole checkout logic. The Node adapter already holds a small body as bytes, and our handlers answer with
// a string, so neither needs the stream. The pattern is @hono/node-server's lightweight Request/Response.
//
// Both objects inherit from the real prototypes (instanceof holds) and answer the common members themselves
// (method, url, headers, text(), json(), arrayBuffer(); status, ok, headers). Any other member builds the real
// object from the same parts and delegates to it, so behaviour never differs, only the cost. They never reach a
// platform: the Node adapter asks for lazy responses (info.lazyResponses) and reads their parts directly;
// every other caller of a handler gets real Responses (realResponse()).
// No node: imports, so handlers that use it run on edge platforms unchanged.

const REAL = Symbol('real object');
const PARTS = Symbol('parts');

/** Own getters and methods on `prototype` for every member of `base`, each forwarding to the real object. */
function delegateAll(prototype, base) {
  for (const name of Reflect.ownKeys(base)) {
    if (name === 'constructor' || name === Symbol.toStringTag) continue;
    const descriptor = Object.getOwnPropertyDescriptor(base, name);
    if (descriptor.get) {
      Object.defineProperty(prototype, name, { configurable: true, get() { return this[REAL]()[name]; } });
    } else if (typeof descriptor.value === 'function') {
      Object.defineProperty(prototype, name, { configurable: true, writable: true, value(...args) { return this[REAL]()[name](...args); } });
    }
  }
}

// ---- Request ----------------------------------------------------------------------------------------------

const lazyRequestPrototype = Object.create(Request.prototype);
delegateAll(lazyRequestPrototype, Request.prototype);
Object.defineProperties(lazyRequestPrototype, {
  method: { configurable: true, get() { return this[PARTS].real ? this[PARTS].real.method : this[PARTS].method; } },
  url: { configurable: true, get() { return this[PARTS].real ? this[PARTS].real.url : this[PARTS].url; } },
  headers: { configurable: true, get() { return this[PARTS].real ? this[PARTS].real.headers : this[PARTS].headers; } },
  bodyUsed: { configurable: true, get() { return this[PARTS].real ? this[PARTS].real.bodyUsed : this[PARTS].used; } },
  [REAL]: {
    value() {
      const parts = this[PARTS];
      if (!parts.real) {
        parts.real = new Request(parts.url, { method: parts.method, headers: parts.headers, body: parts.body });
        // A body already read here is read there too: a second read fails the same way ("Body is unusable").
        if (parts.used && parts.real.body) parts.real.body.getReader().read().catch(() => {});
      }
      return parts.real;
    },
  },
});
for (const [name, convert] of [
  ['arrayBuffer', (bytes) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)],
  ['text', (bytes) => new TextDecoder().decode(bytes)],
  ['json', (bytes) => JSON.parse(new TextDecoder().decode(bytes))],
]) {
  Object.defineProperty(lazyRequestPrototype, name, {
    configurable: true,
    writable: true,
    async value() {
      const parts = this[PARTS];
      if (parts.real) return parts.real[name]();
      if (parts.used) throw new TypeError('Body is unusable: the body has already been read');
      parts.used = true;
      return convert(parts.body ?? new Uint8Array(0));
    },
  });
}

/**
 * A Request for a body that is already in memory (or none).
 * @param {{ method: string, url: string, headers: Headers, body?: Uint8Array | null }} parts
 * @returns {Request}
 */
export function lazyRequest({ method, url, headers, body = null }) {
  const request = Object.create(lazyRequestPrototype);
  request[PARTS] = { method, url, headers, body: method === 'GET' || method === 'HEAD' ? null : body, used: false, real: null };
  return request;
}

// ---- Response ---------------------------------------------------------------------------------------------

const lazyResponsePrototype = Object.create(Response.prototype);
delegateAll(lazyResponsePrototype, Response.prototype);
Object.defineProperties(lazyResponsePrototype, {
  status: { configurable: true, get() { return this[PARTS].real ? this[PARTS].real.status : this[PARTS].status; } },
  ok: { configurable: true, get() { return this.status >= 200 && this.status < 300; } },
  headers: {
    configurable: true,
    get() {
      const parts = this[PARTS];
      if (parts.real) return parts.real.headers;
      parts.headers ??= new Headers(parts.init);
      return parts.headers;
    },
  },
  [REAL]: {
    value() {
      const parts = this[PARTS];
      parts.real ??= new Response(parts.body, { status: parts.status, headers: parts.headers ?? parts.init });
      return parts.real;
    },
  },
});

/**
 * A Response with a string body (or none), built for real only when a member other than status, ok or headers
 * is used. Its headers are a real Headers; once the real Response exists, `headers` is that one's (a copy
 * taken then), so set headers before reading the body, as with any Response one passes on.
 * @param {string | null} body
 * @param {{ status?: number, headers?: HeadersInit }} [init]
 * @returns {Response}
 */
export function lazyResponse(body, { status = 200, headers } = {}) {
  if (!Number.isInteger(status) || status < 200 || status > 599) throw new RangeError(`lazyResponse: status ${status} is not in 200-599`);
  const response = Object.create(lazyResponsePrototype);
  // The Headers object too is made only when someone reads `headers`: the Node adapter can write a plain
  // object of strings as it is. Anything else is checked by making the Headers now, as Response would.
  const plain = isPlainStringRecord(headers);
  response[PARTS] = { body: body ?? null, status, init: plain ? headers : undefined, headers: plain ? null : new Headers(headers), real: null };
  return response;
}

// Names that differ only in case are left to Headers, which joins them into one.
function isPlainStringRecord(value) {
  if (value === undefined || value === null) return true;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const seen = [];
  for (const name in value) {
    if (typeof value[name] !== 'string' || !HEADER_NAME.test(name) || !HEADER_VALUE.test(value[name])) return false;
    const lower = name.toLowerCase();
    if (seen.includes(lower)) return false;
    seen.push(lower);
  }
  return true;
}
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/; // an HTTP token
const HEADER_VALUE = /^[^\0\r\n]*$/;

/**
 * The parts of a lazy response nothing has made real yet, for the Node adapter to write directly; else null.
 * `headers` is a flat [name, value, ...] list, with a name once per value (Set-Cookie may repeat).
 * @returns {{ status: number, headers: string[], body: string | null } | null}
 */
export function lazyResponseParts(response) {
  const parts = response?.[PARTS];
  if (!parts || parts.real) return null;
  const headers = [];
  if (parts.headers) {
    for (const [name, value] of parts.headers) headers.push(name, value);
  } else if (parts.init) {
    for (const name in parts.init) headers.push(name, parts.init[name].trim());
  }
  return { status: parts.status, headers, body: parts.body };
}

/** A real Response for `response` (itself when it is one already). */
export function realResponse(response) {
  return response?.[PARTS] ? response[REAL]() : response;
}

/**
 * What a handler hands back to its caller: a lazy response as it is to the Node adapter, which asked for it
 * (info.lazyResponses), and a real Response to anyone else (a platform, a test).
 */
export function responseFor(info, response) {
  return info?.lazyResponses ? response : realResponse(response);
}
