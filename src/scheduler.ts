import { Cron } from "croner";
import { scrubToken } from "./logger.js";
import type { Services } from "./services.js";

export interface ScheduledJob {
  name: string;
  run(): Promise<unknown>;
}

/**
 * Every minute (and once at start, to catch up on what was missed while the
 * bot was down) runs each job. Jobs read the time from the injectable clock
 * and are idempotent through the delivery ledger, so a tick can be run by
 * tests at any moment and an extra tick never sends anything twice.
 */
export function createScheduler(services: Services, jobs: readonly ScheduledJob[]) {
  let cron: Cron | undefined;
  let running: Promise<void> | undefined;

  async function runAll() {
    for (const job of jobs) {
      try {
        await job.run();
      } catch (error) {
        services.logger.error({ job: job.name, err: scrubToken(String(error)) }, "scheduled job failed");
      }
    }
  }

  return {
    /** Runs every job once now; concurrent calls share the run in progress. */
    tick(): Promise<void> {
      running ??= runAll().finally(() => {
        running = undefined;
      });
      return running;
    },
    start() {
      void this.tick();
      cron = new Cron("* * * * *", { timezone: "Asia/Ho_Chi_Minh", protect: true }, () => this.tick());
    },
    async stop() {
      cron?.stop();
      await running;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
