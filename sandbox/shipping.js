// Shipping zones and methods, as a store sets them up (Settings > Shipping; shipping.v2.yml: zones of type
// country or state, each with methods flat rate, per item, by weight, free shipping with an optional minimum,
// and an optional handling fee). A consignment's quotes follow its address: the most specific zone holding the
// address (a state zone before its country's zone), none at all for an address outside every zone, as the hosted
// checkout then says "Unfortunately one or more items in your cart can't be shipped to your location".
import { createHash } from 'node:crypto';

const money = (usd, eur) => ({ USD: usd, EUR: eur });

/**
 * The sandbox store's zones. `states` narrows a zone to those ISO 3166-2 subdivision codes of its one country.
 * Methods: `flatrate` (cost per consignment), `peritem` (cost per unit), `weight` (base + per pound, weights as the
 * catalog's), `freeshipping` (free, offered only from `minimum` of goods after discounts, when it has one).
 */
export const SHIPPING_ZONES = Object.freeze([
  {
    id: 2, name: 'Alaska and Hawaii', countries: ['US'], states: ['AK', 'HI'],
    methods: [
      { key: 'express', type: 'flatrate', description: 'Express', transit_time: '2-4 business days', cost: money(3500, 3200), handling: money(0, 0) },
    ],
  },
  {
    id: 1, name: 'United States', countries: ['US'],
    methods: [
      { key: 'free', type: 'freeshipping', description: 'Free Shipping', transit_time: '5-7 business days', minimum: money(5000, 4500) },
      { key: 'ground', type: 'weight', description: 'Ground', transit_time: '3-5 business days', base: money(500, 450), per_pound: money(150, 140) },
      { key: 'express', type: 'flatrate', description: 'Express', transit_time: '1-2 business days', cost: money(1500, 1400) },
    ],
  },
  {
    id: 3, name: 'Canada', countries: ['CA'],
    methods: [
      { key: 'standard', type: 'peritem', description: 'Standard', transit_time: '5-10 business days', cost: money(400, 370) },
      { key: 'express', type: 'flatrate', description: 'Express', transit_time: '2-3 business days', cost: money(2500, 2300), handling: money(300, 280) },
    ],
  },
  {
    id: 4, name: 'Europe', countries: ['GB', 'IE', 'DE', 'FR', 'NL', 'BE', 'ES', 'IT', 'AT'],
    methods: [
      { key: 'free', type: 'freeshipping', description: 'Free Shipping', transit_time: '5-7 business days', minimum: money(10000, 9000) },
      { key: 'standard', type: 'flatrate', description: 'Standard International', transit_time: '4-8 business days', cost: money(900, 850), handling: money(200, 180) },
      { key: 'express', type: 'flatrate', description: 'Express', transit_time: '1-2 business days', cost: money(1500, 1400) },
    ],
  },
]);

/** The zone that ships to this address, or null. State zones are looked at before country zones. */
export function zoneFor(address) {
  if (!address?.country_code) return null;
  const country = address.country_code;
  const state = address.state_or_province_code ?? '';
  const byState = SHIPPING_ZONES.find((z) => z.states && z.countries.includes(country) && z.states.includes(state));
  return byState ?? SHIPPING_ZONES.find((z) => !z.states && z.countries.includes(country)) ?? null;
}

/**
 * The quotes for a consignment: `goods` is the value of its items after item discounts, `units` and `pounds` what
 * it holds. Ids are stable per consignment and method, like BigCommerce's hex quote ids, so an id read before a
 * change of quantity still names the same method after it.
 */
export function quoteConsignment({ consignmentId, address, currency, goods, units, pounds }) {
  const zone = zoneFor(address);
  if (!zone) return [];
  const options = [];
  for (const method of zone.methods) {
    let cost;
    if (method.type === 'freeshipping') {
      if (method.minimum && goods < (method.minimum[currency] ?? Infinity)) continue;
      cost = 0;
    } else if (method.type === 'flatrate') {
      cost = method.cost[currency] ?? 0;
    } else if (method.type === 'peritem') {
      cost = (method.cost[currency] ?? 0) * units;
    } else {
      cost = (method.base[currency] ?? 0) + Math.round((method.per_pound[currency] ?? 0) * pounds);
    }
    options.push({
      key: method.key,
      id: createHash('sha256').update(`${consignmentId}:${zone.id}:${method.key}`).digest('hex').slice(0, 32),
      type: method.type,
      description: method.description,
      image_url: '',
      cost,
      handling: method.handling?.[currency] ?? 0,
      transit_time: method.transit_time,
      additional_description: '',
    });
  }
  return options;
}
