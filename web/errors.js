// Every failure users can see is a BCCheckoutError with a stable `code` to switch on
// (the list is in docs/errors.md) and a `message` a person can act on.
// One class per page: the lazy chunk (bc-checkout-details.js) bundles its own copy of this file, and an error it
// throws must still be `instanceof` the BCCheckoutError the page imported from the main build.
const SHARED_CLASS = Symbol.for('bc-checkout-helper.BCCheckoutError');
export const BCCheckoutError = globalThis[SHARED_CLASS] ??= class BCCheckoutError extends Error {
  constructor(code, message, details) {
    super(message);
    this.name = 'BCCheckoutError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
};

// The core answers {"ok":false,"error":{code,message}}; turn that into a thrown error.
export function unwrap(resultJson) {
  const result = JSON.parse(resultJson);
  if (!result.ok) {
    const { code, message, ...details } = result.error; // lineId, when the error is about one line
    throw new BCCheckoutError(code, message, Object.keys(details).length ? details : undefined);
  }
  return result;
}
