/**
 * Scenario 4: poison and oversized messages among the real ones. Each goes to the dead-letter
 * queue with its reason; the pipeline goes on and stays exact.
 */
import assert from "node:assert/strict";
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createSqsQueue } from "../shared/queue/sqs.ts";
import { bySize } from "./size.ts";
import { startChaos, until } from "./harness.ts";
import { runScenario } from "./report.ts";

const size = bySize({
  ci: { events: 2_000, newBlocks: 200 },
  full: { events: 50_000, newBlocks: 2_000 },
});

const event = (amount: string) =>
  `["dHg=",1,0,0,"gno.land/r/demo/wugnot","","g1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5",${amount}]`;

/** Bodies the processor must refuse: each is dead-lettered, none is applied. */
const POISON: Record<string, string> = {
  "not JSON": "{{{ this is not json",
  "empty body": " ",
  "JSON of the wrong shape": JSON.stringify({ hello: "world" }),
  "unknown version": `{"v":99,"window":{"from":1,"to":1},"part":{"index":0,"count":1},"events":[]}`,
  "negative amount": `{"v":1,"window":{"from":1,"to":1},"part":{"index":0,"count":1},"events":[${
    event('"-5"')
  }]}`,
  "79-digit amount": `{"v":1,"window":{"from":1,"to":1},"part":{"index":0,"count":1},"events":[${
    event(`"${"9".repeat(79)}"`)
  }]}`,
  "window upside down":
    `{"v":1,"window":{"from":9,"to":1},"part":{"index":0,"count":1},"events":[]}`,
  "part beyond its count":
    `{"v":1,"window":{"from":1,"to":1},"part":{"index":5,"count":1},"events":[]}`,
  "oversized (250 KiB)": JSON.stringify({ v: 1, padding: "x".repeat(250 * 1024) }),
  "binary noise": String.fromCharCode(
    ...Array.from({ length: 200 }, (_, i) => 0x20 + (i * 37) % 0x5e),
  ),
};

Deno.test({
  name: "poison and oversized messages go to the dead-letter queue and the pipeline goes on",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    runScenario("4 poison and oversized messages", async () => {
      const chaos = await startChaos({
        devnet: { seed: "poison", events: size.events },
        env: { sync: { SYNC_WINDOW_BLOCKS: "20" } },
      });
      const client = new SQSClient({
        region: "us-east-1",
        endpoint: chaos.services.env.SQS_ENDPOINT,
        credentials: { accessKeyId: "chaos", secretAccessKey: "chaos" },
      });
      try {
        chaos.start("sync");
        chaos.start("processor");
        await until(async () => (await chaos.appliedHeight()) > 0, "the first applied window");
        const { QueueUrl } = await client.send(
          new GetQueueUrlCommand({ QueueName: "grc20-token-events" }),
        );
        for (const body of Object.values(POISON)) {
          await client.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
        }
        const injectedAt = performance.now();
        chaos.devnet.advance(size.newBlocks);
        const queue = await createSqsQueue({
          endpoint: chaos.services.env.SQS_ENDPOINT,
          region: "us-east-1",
          accessKeyId: "chaos",
          secretAccessKey: "chaos",
          queueName: "grc20-token-events",
          deadLetterQueueName: "grc20-token-events-dlq",
          maxReceiveCount: 5,
          visibilityTimeoutSeconds: 10,
        });
        try {
          const count = Object.keys(POISON).length;
          await until(async () => {
            const stats = await queue.deadLetterStats();
            return stats.visible + stats.inFlight >= count;
          }, `${count} dead letters`);
          const recoverySeconds = (performance.now() - injectedAt) / 1000;
          await chaos.waitConsistent();
          const stats = await queue.deadLetterStats();
          assert.equal(stats.visible + stats.inFlight, count, "only the poison is dead-lettered");
          assert.ok(chaos.processes.every((p) => p.running()), "no service crashed");
          const verified = await chaos.verify();
          return {
            recoverySeconds,
            detail: `${count} bad messages (${Object.keys(POISON).join(", ")}) dead-lettered; ` +
              `${verified.events} events and ${verified.balances} balances exact`,
          };
        } finally {
          queue.close();
        }
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${await chaos.logs()}`);
      } finally {
        client.destroy();
        await chaos.close();
      }
    }),
});
