/** Docker tag characters; a prefix is the start of a tag, so it obeys the same first-character rule. */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** What an image tag must be, worded to follow "must be" and "expected". */
export const IMAGE_TAG_EXPECTED =
  'a Docker image tag: 1-128 letters, digits, "_", "." or "-", not starting with "." or "-"';
