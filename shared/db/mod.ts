export { createDatabase, type DatabaseOptions, type Sql } from "./connect.ts";
export { migrate } from "./migrate.ts";
