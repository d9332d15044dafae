/** Placeholder for a task whose issue has not landed yet. */
const task = Deno.args[0] ?? "this task";
console.error(`${task} is not built yet`);
Deno.exit(1);
