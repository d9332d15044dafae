/** Starts the two backing services side by side and reports the environment that reaches them. */
import { type LocalElasticMq, startElasticMq } from "./elasticmq.ts";
import { type LocalPostgres, startPostgres } from "./postgres.ts";

export interface LocalServices {
  postgres: LocalPostgres;
  elasticmq: LocalElasticMq;
  env: { DATABASE_URL: string; SQS_ENDPOINT: string };
  stop(): Promise<void>;
}

export async function startLocalServices(): Promise<LocalServices> {
  const [postgres, elasticmq] = await Promise.all([startPostgres(), startElasticMq()]);
  return {
    postgres,
    elasticmq,
    env: { DATABASE_URL: postgres.url, SQS_ENDPOINT: elasticmq.endpoint },
    async stop() {
      await Promise.all([postgres.stop(), elasticmq.stop()]);
    },
  };
}
