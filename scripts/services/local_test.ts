import assert from "node:assert/strict";
import postgres from "postgres";
import { createSqsQueue } from "../../shared/queue/sqs.ts";
import { startLocalServices } from "./local.ts";

Deno.test({
  name: "local services start, survive a restart and stop",
  fn: async () => {
    const services = await startLocalServices();
    try {
      const sql = postgres(services.env.DATABASE_URL, { max: 1, onnotice: () => {} });
      await sql`CREATE TABLE kept (n int)`;
      await sql`INSERT INTO kept VALUES (42)`;
      await services.postgres.restart();
      const [row] = await sql`SELECT n FROM kept`;
      assert.equal(row.n, 42, "data survives a PostgreSQL restart");
      await sql.end();

      const options = {
        endpoint: services.env.SQS_ENDPOINT,
        region: "elasticmq",
        queueName: "restart-test",
        deadLetterQueueName: "restart-test-dlq",
        maxReceiveCount: 5,
        visibilityTimeoutSeconds: 30,
      };
      let queue = await createSqsQueue(options);
      await queue.send(["lost on restart"]);
      queue.close();
      await services.elasticmq.restart();
      queue = await createSqsQueue(options);
      assert.deepEqual(
        await queue.receive({ waitSeconds: 0 }),
        [],
        "ElasticMQ keeps queues in memory",
      );
      queue.close();
    } finally {
      await services.stop();
    }
  },
});
