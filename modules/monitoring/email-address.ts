/** A pragmatic address check: one "@", a local part without spaces, quotes or "/", a dotted domain. */
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** An address SNS can subscribe: the pattern above, at most 254 characters. */
export function isEmailAddress(address: string): boolean {
  return address.length <= 254 && EMAIL.test(address);
}
