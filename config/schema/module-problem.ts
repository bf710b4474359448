/**
 * A module problem ("<prop> must be <rule>, got <value>") worded for config ("expected <rule>"): the
 * rule stays the module's, config says only where in the file it bites.
 * @param service what the setting is for, when the problem does not follow the pattern
 */
export function expectedOf(problem: string, service: string): string {
  const rule = /^(?:\S+ )+?must be (.*?)(, got .*)?$/.exec(problem);
  return rule ? rule[1]! : `a setting ${service} accepts: ${problem}`;
}
