// One Blaxel batch job from a TypeScript program, on the native provider's resource `blaxel:index:Job`.
//
// Config: `apiToken` (secret, required: `pulumi config set --secret apiToken ...`), `memory` (MB, optional),
// `name` (the job's name, optional). Changing `memory` updates the job in place; changing `name` replaces it.
import * as pulumi from "@pulumi/pulumi";
import { Job } from "./sdk"; // the SDK Pulumi's code generator writes from the schema (make sdks)

const config = new pulumi.Config();

const job = new Job("nightly", {
  name: config.get("name") ?? "ts-nightly-export",
  displayName: "Nightly export (TypeScript)",
  labels: { team: "data", face: "typescript" },
  runtime: {
    image: "blaxel/nightly-export:1.0",
    memory: config.getNumber("memory") ?? 2048,
    generation: "mk3",
    timeout: 3600,
    maxRetries: 2,
    envs: [
      { name: "LOG_LEVEL", value: "info" },
      { name: "API_TOKEN", value: config.requireSecret("apiToken"), secret: true },
    ],
  },
  triggers: [{ id: "nightly", type: "cron", configuration: { schedule: "0 2 * * *" } }],
});

export const name = job.name;
export const workspace = job.workspace;
export const status = job.status;
export const createdAt = job.createdAt;
export const url = job.url;
