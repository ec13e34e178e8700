// bc-checkout-helper/protect: site protection, deciding where a shopper on a hosted page goes.
import { loadProtection, type ProtectionDecision } from 'bc-checkout-helper/protect';

export async function decide(): Promise<string | null> {
  const protection = await loadProtection();
  const decision: ProtectionDecision = protection.decide({ url: 'https://store.example.com/cart.php', pageType: 'cart' }, '{"headlessOrigin":"https://www.example.com"}');
  const snippet: string = protection.artifacts('{"headlessOrigin":"https://www.example.com"}').snippet;
  return snippet ? decision.target : null;
}
