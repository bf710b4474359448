import {
  CLOUDFRONT_PRICE_CLASSES,
  DEFAULT_CLOUDFRONT_PRICE_CLASS,
  isCloudFrontPriceClass,
  priceClassProblem,
} from "../../../modules/cdn/price-classes";

describe("CloudFront price classes", () => {
  it("defaults to PriceClass_200, the cheapest class with edge locations in Korea and Japan", () => {
    expect(CLOUDFRONT_PRICE_CLASSES).toEqual(["PriceClass_100", "PriceClass_200", "PriceClass_All"]);
    expect(DEFAULT_CLOUDFRONT_PRICE_CLASS).toBe("PriceClass_200");
  });

  it.each(["PriceClass_300", "priceclass_200", "200", ""])("refuses %p", (value) => {
    expect(isCloudFrontPriceClass(value)).toBe(false);
    expect(priceClassProblem(value)).toBe(
      `priceClass must be one of PriceClass_100, PriceClass_200, PriceClass_All, got "${value}"`,
    );
  });

  it.each(CLOUDFRONT_PRICE_CLASSES)("accepts %s", (value) => {
    expect(priceClassProblem(value)).toBeUndefined();
  });
});
