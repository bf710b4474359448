/**
 * CloudFront price classes: which edge locations serve a distribution.
 * - PriceClass_100: North America, Europe and Israel only;
 * - PriceClass_200: those plus Asia (Japan, South Korea, Hong Kong, Singapore, Taiwan, India, ...),
 *   the Middle East and Africa;
 * - PriceClass_All: every edge location, South America and Oceania included.
 * The default is 200: the platform's users are in Korea, which PriceClass_100 would serve from
 * North America or Europe. One list for the CloudFront module and for config.
 */
export const CLOUDFRONT_PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;

export type CloudFrontPriceClass = (typeof CLOUDFRONT_PRICE_CLASSES)[number];

export const DEFAULT_CLOUDFRONT_PRICE_CLASS: CloudFrontPriceClass = "PriceClass_200";

export function isCloudFrontPriceClass(value: string): value is CloudFrontPriceClass {
  return (CLOUDFRONT_PRICE_CLASSES as readonly string[]).includes(value);
}

/** Why `value` is not a price class (`priceClass must be one of ..., got "..."`), or undefined. */
export function priceClassProblem(value: string, prop = "priceClass"): string | undefined {
  return isCloudFrontPriceClass(value)
    ? undefined
    : `${prop} must be one of ${CLOUDFRONT_PRICE_CLASSES.join(", ")}, got "${value}"`;
}
