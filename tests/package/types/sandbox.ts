// bc-checkout-helper/sandbox: the sandbox store in a storefront's own tests.
import { createLoopbackCertificate, createSandbox, listenSandbox, stubSettingsFor, type ServedSandbox } from 'bc-checkout-helper/sandbox';

export async function stage(): Promise<ServedSandbox> {
  const credentials = { storeHash: 'test1', accessToken: 'token', clientId: 'client', clientSecret: 'secret' };
  const inMemory = createSandbox({ ...credentials, siteUrl: 'http://127.0.0.1:5173', maxQuantityStatus: 409, quota: '150/30000' });
  const answer: Response = await inMemory.fetch(new Request('http://localhost:8081/stores/test1/v3/carts'));
  console.log(answer.status, inMemory.restCalls.byRoute(), inMemory.options.quota?.requests);
  const tls = process.env.HTTPS ? createLoopbackCertificate() : undefined;
  const served = await listenSandbox({ ...credentials, siteUrl: 'http://127.0.0.1:5173', quota: 'standard' }, { port: 0, tls });
  const { env, storeOrigins } = stubSettingsFor(served);
  Object.assign(process.env, env);
  console.log(storeOrigins.join(','), served.apiUrl, served.sandbox.state.carts);
  return served;
}
