// JSON values signed with a server secret (HMAC-SHA256 through Web Crypto, so it runs on edge platforms too), as
// `<base64url JSON>.<base64url MAC>`: the session cookie and the cart tokens. `context` goes into the MAC and
// not into the text, so a value signed for one purpose never verifies for another.
const encoder = new TextEncoder();
const decoder = new TextDecoder();
// btoa/atob rather than Buffer: they exist on Node and on every edge runtime.
export const base64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64url = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/** @returns {{ sign(value: unknown): Promise<string>, open(text: string): Promise<unknown | null> }} */
export function createSignedJson(secret, { context = '' } = {}) {
  // Imported once: a key handed over as raw bytes is imported again for every signature.
  const key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  return {
    async sign(value) {
      const body = base64url(encoder.encode(JSON.stringify(value)));
      const mac = await crypto.subtle.sign('HMAC', await key, encoder.encode(context + body));
      return `${body}.${base64url(new Uint8Array(mac))}`;
    },
    /** The value, or null when the text is malformed or its MAC does not check out. */
    async open(text) {
      const [body, mac, extra] = String(text).split('.');
      if (!body || !mac || extra !== undefined) return null;
      try {
        if (!(await crypto.subtle.verify('HMAC', await key, fromBase64url(mac), encoder.encode(context + body)))) return null;
        return JSON.parse(decoder.decode(fromBase64url(body)));
      } catch {
        return null;
      }
    },
  };
}
