/**
 * Which numbers the site may turn into one-tap `tel:` links. A number dials only when the city's
 * configuration (content/site.json) lists it and does not mark it as a sample placeholder, so a
 * made-up office number can never ring a stranger. Pure: pages, islands and the server share it.
 */
import { siteConfig } from './site-config.ts';

/** Only the digits (and a leading +), as a `tel:` link dials them. */
export function dialDigits(number: string): string {
  return number.replace(/[^\d+]/g, '');
}

const sampleNumbers = new Set(
  siteConfig.hotlines.filter((h) => h.sample).map((h) => dialDigits(h.number)),
);

/** True for a placeholder number of the sample deployment (never dialled). */
export function isSampleNumber(number: string): boolean {
  return sampleNumbers.has(dialDigits(number));
}

/** The `tel:` URL for a number, or undefined when it is a sample that must not dial. */
export function telHref(number: string): string | undefined {
  return isSampleNumber(number) ? undefined : `tel:${dialDigits(number)}`;
}
