// examples/deploy/bun.js (docs/deploy.md, "Bun") on the bun binary of the devDependencies, and server/main.js run
// with bun, which once took Bun's own undici for its client and failed every BigCommerce call.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeCheckoutFlow, describeUnreachableStore } from './checkout-flow.mjs';
import { probeUpstreamClients, startBun, startBunMain } from './runtime-stack.mjs';

test("Bun's own undici (an Agent without request()) is refused when the client is made; createNodeUpstreamFetch() leaves Bun on fetch", async () => {
  const out = await probeUpstreamClients('bun');
  assert.equal(out.nodeUpstream, 'undefined');
  assert.equal(out.status, undefined, 'no call was made with it');
  assert.equal(out.error?.name, 'UpstreamClientError', JSON.stringify(out));
  assert.equal(out.error.code, 'upstream_client_unusable');
  assert.match(out.error.message, /Agent\.prototype\.request/);
});

describeCheckoutFlow('Bun', startBun);
describeUnreachableStore('Bun', startBun);
describeCheckoutFlow('Bun running server/main.js', startBunMain);
