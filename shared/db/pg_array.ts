/**
 * PostgreSQL array literals built with native joins. postgres.js serializes an array parameter
 * element by element (two regex replaces and a concatenation each), which was a third of the
 * processor's busy CPU time for the apply's eight columns of thousands of events.
 * The literal is passed as one parameter and cast in SQL (`${literal}::text[]`).
 */

const NEEDS_ESCAPE = /["\\]/g;

/** `{"a","b"}`: every element quoted, so "" and NULL-looking strings stay strings. */
export function textArrayLiteral(values: readonly string[]): string {
  if (values.length === 0) return "{}";
  const escape = values.some((value) => value.includes('"') || value.includes("\\"));
  const items = escape ? values.map((value) => value.replace(NEEDS_ESCAPE, "\\$&")) : values;
  return '{"' + items.join('","') + '"}';
}

/** `{1,2,3}` for integers (heights, indexes). */
export function integerArrayLiteral(values: readonly number[]): string {
  return "{" + values.join(",") + "}";
}
