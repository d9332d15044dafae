import { queueContract } from "./contract.ts";
import { createMemoryQueue } from "./memory.ts";

queueContract("memory", (options) => {
  const queue = createMemoryQueue({
    maxReceiveCount: options?.maxReceiveCount ?? 5,
    visibilityTimeoutSeconds: 30,
  });
  return Promise.resolve({
    queue,
    [Symbol.asyncDispose]: () => Promise.resolve(queue.close()),
  });
});
