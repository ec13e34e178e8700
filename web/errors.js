// Every failure users can see is a BCCheckoutError with a stable `code` to switch on
// (the list is in docs/errors.md) and a `message` a person can act on.
export class BCCheckoutError extends Error {
  constructor(code, message, details) {
    super(message);
    this.name = 'BCCheckoutError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}

// The core answers {"ok":false,"error":{code,message}}; turn that into a thrown error.
export function unwrap(resultJson) {
  const result = JSON.parse(resultJson);
  if (!result.ok) {
    const { code, message, ...details } = result.error; // lineId, when the error is about one line
    throw new BCCheckoutError(code, message, Object.keys(details).length ? details : undefined);
  }
  return result;
}
