// bc-checkout-helper/protect for Node (the CLI, the server's installer, tests): reads bc-protect.wasm itself,
// since Emscripten's ES6 output cannot find it on Node.
import { readFile } from 'node:fs/promises';
import { makeLoadProtection } from './protection.js';

export const loadProtection = makeLoadProtection(async () => ({ wasmBinary: await readFile(new URL('./bc-protect.wasm', import.meta.url)) }));
export { BCCheckoutError } from './errors.js';
