/** A standard SNS topic's ARN: CloudWatch alarm actions cannot publish to FIFO topics. */
export const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** What a topic ARN must be, worded to follow "must be" and "expected". */
export const SNS_TOPIC_ARN_EXPECTED = "a standard (not FIFO) SNS topic ARN";
