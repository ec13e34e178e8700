// What a server stub needs to use a served sandbox store as its BigCommerce store, and what a storefront lists
// in createCheckout({ storeOrigins }): the same names a real store's set-up uses (docs/server.md), so a test
// points the merchant's own stub at the sandbox by its environment alone.

/**
 * @param {{ sandbox: { options: object }, origin: string, apiUrl: string, paymentsUrl?: string, checkoutOrigin?: string }} served
 *   what listenSandbox() returned
 * @returns {{ env: Record<string, string>, storeOrigins: string[] }}
 */
export function stubSettingsFor(served) {
  const { options } = served.sandbox;
  return {
    env: {
      // The REST API: the store's origin, or its plain-http listener when the pages are served over https.
      BC_API_URL: served.apiUrl,
      BC_STORE_URL: served.origin,
      BC_STORE_HASH: options.storeHash,
      BC_ACCESS_TOKEN: options.accessToken,
      BC_CLIENT_ID: options.clientId,
      BC_CLIENT_SECRET: options.clientSecret,
      BC_CHANNEL_ID: String(options.channelId),
      // The Payments API's own host (payments.bigcommerce.com on a real store).
      ...(served.paymentsUrl && { BC_PAYMENTS_URL: served.paymentsUrl }),
    },
    // Where the checkout may be: the store and, when the channel has one, its checkout domain.
    storeOrigins: [served.origin, ...(served.checkoutOrigin ? [served.checkoutOrigin] : [])],
  };
}
