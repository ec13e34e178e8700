// examples/deploy/deno.js (docs/deploy.md, "Deno") on the deno binary of the devDependencies.
import { describeCheckoutFlow, describeUnreachableStore } from './checkout-flow.mjs';
import { startDeno } from './runtime-stack.mjs';

describeCheckoutFlow('Deno', startDeno);
describeUnreachableStore('Deno', startDeno);
