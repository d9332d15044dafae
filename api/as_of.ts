/**
 * The `height` parameter of the balance routes: balances as of a block height are answered only
 * for heights the data is complete through (409 above `consistentThrough`) and has (400 below
 * the first indexed height). docs/architecture.md, "Balances as of a height".
 */
import type { EndpointDeps } from "./endpoint.ts";
import { badParameter, heightNotConsistent } from "./errors.ts";
import { firstIndexedHeight } from "./queries.ts";

/** Checks a requested height; returns the consistent-through height for the response. */
export async function checkedHeight(deps: EndpointDeps, height: number): Promise<number> {
  const [consistent, [first]] = await Promise.all([
    deps.consistentThrough(),
    firstIndexedHeight(deps.sql),
  ]);
  if (height > consistent) throw heightNotConsistent(height, consistent);
  const lowest = Number(first.height);
  if (first.height === null || height < lowest) {
    throw badParameter("height", `height ${height} is below the first indexed height ${lowest}`);
  }
  return consistent;
}
