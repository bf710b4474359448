/** DynamoDB's table naming rules, one definition for the state backend module and for config. */
export const LOCK_TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

/** What a lock table name must be, worded to follow "must be" and "expected". */
export const LOCK_TABLE_NAME_EXPECTED = "a DynamoDB table name: 3-255 letters, digits, '_', '-', '.'";
