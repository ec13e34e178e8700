// examples/deploy/bun.js (docs/deploy.md, "Bun") on the bun binary of the devDependencies.
import { describeCheckoutFlow, describeUnreachableStore } from './checkout-flow.mjs';
import { startBun } from './runtime-stack.mjs';

describeCheckoutFlow('Bun', startBun);
describeUnreachableStore('Bun', startBun);
