// examples/deploy/deno.js (docs/deploy.md, "Deno") on the deno binary of the devDependencies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeCheckoutFlow, describeUnreachableStore } from './checkout-flow.mjs';
import { probeUpstreamClients, startDeno } from './runtime-stack.mjs';

// undici works on Deno; it is left to Node because on Deno it measured no cheaper than fetch (docs/deploy.md, "Deno").
test("undici's request API works on Deno, and createNodeUpstreamFetch() still leaves Deno on its fetch", async () => {
  const out = await probeUpstreamClients('deno');
  assert.equal(out.nodeUpstream, 'undefined');
  assert.equal(out.error, undefined, JSON.stringify(out));
  assert.equal(out.status, 200);
  assert.equal(typeof out.time, 'number');
});

describeCheckoutFlow('Deno', startDeno);
describeUnreachableStore('Deno', startDeno);
