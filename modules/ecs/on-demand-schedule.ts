/** 09:00 KST on weekdays (EventBridge cron is UTC); the config's default too. */
export const DEFAULT_START_SCHEDULE = "cron(0 0 ? * MON-FRI *)";
/** 18:00 KST on weekdays. */
export const DEFAULT_STOP_SCHEDULE = "cron(0 9 ? * MON-FRI *)";
