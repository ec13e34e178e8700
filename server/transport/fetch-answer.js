// Used on Node by both BigCommerce clients (keep-alive-fetch.js, undici-fetch.js) to read an answer.
// What the Node clients for BigCommerce (keep-alive-fetch.js, undici-fetch.js) hand bigcommerce-client.js: the body
// decoded as fetch decodes it (Content-Encoding undone, no byte-order mark) and the answer in fetch's shape
// (status, headers.get(), text()). No node: imports; zlib comes in as an argument.

const DECODERS = { gzip: 'gunzip', 'x-gzip': 'gunzip', deflate: 'inflate', br: 'brotliDecompress' };

/**
 * The body's text, decompressed when `contentEncoding` names gzip, deflate or br; rejects on corrupt data.
 * @param {typeof import('node:zlib')} zlib
 * @param {string | undefined} contentEncoding
 * @param {Buffer} bytes
 */
export function decodedText(zlib, contentEncoding, bytes) {
  const text = (decoded) => decoded.toString('utf8').replace(/^\uFEFF/, ''); // as fetch's text(): no byte-order mark
  const decoder = DECODERS[String(contentEncoding ?? '').trim().toLowerCase()];
  if (!decoder || !bytes.length) return Promise.resolve(text(bytes));
  return new Promise((resolve, reject) => zlib[decoder](bytes, (error, decoded) => (error ? reject(error) : resolve(text(decoded)))));
}

/**
 * The answer bigcommerce-client.js reads.
 * @param {number} status
 * @param {Record<string, string | string[] | undefined>} headers lower-case names, as node:http and undici give them
 * @param {string} text
 */
export function fetchAnswer(status, headers, text) {
  return {
    status,
    headers: { get: (name) => joined(headers[name.toLowerCase()]) },
    text: async () => text,
  };
}

function joined(value) {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : String(value);
}
