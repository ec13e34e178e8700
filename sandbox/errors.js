// BigCommerce's error bodies. REST v3 answers 4xx/5xx with {status, title, type, errors?}
// (carts.v3.yml ErrorResponse, scripts.v3.yml, channels.v3.yml Error); `errors` is an object of field -> text
// and is left out when there is nothing to say, so schemas that type it differently still validate.
export const STATUS_CODES_URL = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} title
   * @param {{ errors?: Record<string, string>, type?: string, headers?: Record<string, string>, body?: unknown }} [extra]
   *   `body` replaces the standard body, for the few endpoints whose documented error differs (v2 orders).
   */
  constructor(status, title, extra = {}) {
    super(title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.errors = extra.errors;
    this.type = extra.type ?? STATUS_CODES_URL;
    this.headers = extra.headers ?? {};
    this.body = extra.body;
  }

  toBody() {
    if (this.body !== undefined) return this.body;
    const body = { status: this.status, title: this.title, type: this.type };
    if (this.errors && Object.keys(this.errors).length) body.errors = this.errors;
    return body;
  }
}

// carts.v3.yml CartConflictErrorResponse: the exact 409 title for a stale `version`.
const CONFLICT_TITLE = 'The request cannot be processed due to a possible conflict. Please review the changes and try again.';

// The titles BigCommerce gives a 404 without a more specific one, and a 422 for missing or wrong fields.
export const NOT_FOUND_TITLE = 'The requested resource was not found.';
export const MISSING_FIELDS_TITLE = 'Missing or incorrect required fields';

export const conflict = () => new ApiError(409, CONFLICT_TITLE);
export const notFound = (title = NOT_FOUND_TITLE) => new ApiError(404, title);
export const unprocessable = (title, errors) => new ApiError(422, title, { errors });
// The shape BigCommerce uses for a body of the wrong type ({"customer_id": "error.expected.jsnumber"}).
export const invalidJson = (errors) => new ApiError(422, 'JSON data is missing or invalid', { errors });
export const missingFields = (errors) => new ApiError(422, MISSING_FIELDS_TITLE, { errors });

/** An error shown to a shopper on a hosted page rather than sent to an API client. */
export class PageError extends Error {
  constructor(status, title, message) {
    super(message);
    this.name = 'PageError';
    this.status = status;
    this.title = title;
  }
}
