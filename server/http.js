// Small pieces of HTTP shared by the stub's routes: JSON answers in one error shape, a body reader with a
// size limit, and CORS for the configured storefront origins only.
import { lazyResponse } from './transport/lazy-fetch.js';
export const MAX_BODY_BYTES = 64 * 1024;

export class HttpError extends Error {
  constructor(status, code, message, { headers, details } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
    this.details = details;
  }
}

// Lazy: the handler hands it to the Node adapter as it is, and turns it into a real Response for anyone else.
export function jsonResponse(status, body, headers = {}, scrub = (text) => text) {
  return lazyResponse(scrub(JSON.stringify(body)), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

export function errorResponse(error, scrub) {
  const body = { error: { code: error.code, message: error.message } };
  if (error.details) Object.assign(body.error, error.details);
  return jsonResponse(error.status, body, error.headers, scrub);
}

/** Reads a JSON body of at most MAX_BODY_BYTES; 413 beyond, 400 when it is not JSON. */
export async function readJson(request) {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge();
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json');
  }
  // A declared length within the limit is the length (HTTP framing holds the body to it): read it whole, which
  // spares the Node adapter's lazy Request its stream. Otherwise read the stream and stop at the limit.
  if (request.headers.has('content-length') && Number.isFinite(declared)) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > MAX_BODY_BYTES) throw tooLarge(); // a Request made in-process can carry any header
    return parseJson(bytes);
  }
  const chunks = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  return parseJson(concat(chunks, size));
}

function parseJson(bytes) {
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON');
  }
}

function tooLarge() {
  return new HttpError(413, 'body_too_large', `The request body is larger than ${MAX_BODY_BYTES / 1024} KB`);
}

function concat(chunks, size) {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * CORS for the storefront origins in ALLOWED_ORIGINS. Same-origin requests need none. A cross-origin request
 * from anywhere else gets no CORS headers, and one that changes state is refused outright (CSRF).
 * -> { headers, allowed }
 */
export function cors(request, allowedOrigins) {
  const origin = request.headers.get('origin');
  if (!origin || origin === new URL(request.url).origin) return { headers: {}, allowed: true };
  if (!allowedOrigins.includes(origin)) return { headers: {}, allowed: false };
  return {
    allowed: true,
    headers: { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' },
  };
}
