// examples/deploy/deno.js (docs/deploy.md, "Deno") on the deno binary of the devDependencies.
import { describeCheckoutFlow } from './checkout-flow.mjs';
import { startDeno } from './runtime-stack.mjs';

describeCheckoutFlow('Deno', startDeno);
