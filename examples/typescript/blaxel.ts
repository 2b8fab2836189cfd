// A typed face of the native provider's resource `blaxel:index:Job` for TypeScript programs: the subset of
// its schema this example uses (the full schema: `pulumi package get-schema` on `pulumi-resource-blaxel`).
//
// It stands in for the SDK that `pulumi package gen-sdk --language nodejs` generates from the schema: that
// command asks the Node.js language host (GeneratePackage), and the host this repository can build from Go
// modules is v3.68.0, which answers "method GeneratePackage not implemented" (see docs/guides/pulumi-cli.md).
// With the official Pulumi CLI, generate the full SDK instead (`pulumi package gen-sdk` or `package add`).
import * as pulumi from "@pulumi/pulumi";

/** One environment variable of the job's runtime; `secret: true` sends it to Blaxel as a secret. */
export interface EnvArgs {
  name: pulumi.Input<string>;
  value?: pulumi.Input<string>;
  secret?: pulumi.Input<boolean>;
}

/** The container the job runs (image, resources, environment). */
export interface JobRuntimeArgs {
  image?: pulumi.Input<string>;
  memory?: pulumi.Input<number>;
  timeout?: pulumi.Input<number>;
  maxRetries?: pulumi.Input<number>;
  maxConcurrentTasks?: pulumi.Input<number>;
  generation?: pulumi.Input<"mk2" | "mk3">;
  envs?: pulumi.Input<pulumi.Input<EnvArgs>[]>;
}

/** A trigger: `cron` (configuration.schedule), `http` or `http-async`. */
export interface TriggerArgs {
  id?: pulumi.Input<string>;
  type?: pulumi.Input<"http" | "http-async" | "cron">;
  enabled?: pulumi.Input<boolean>;
  configuration?: pulumi.Input<{ schedule?: pulumi.Input<string>; path?: pulumi.Input<string> }>;
}

/** Inputs of `blaxel:index:Job` used here (camelCase forms of `BlaxelJob`'s arguments). */
export interface JobArgs {
  name?: pulumi.Input<string>;
  displayName?: pulumi.Input<string>;
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  runtime?: pulumi.Input<JobRuntimeArgs>;
  triggers?: pulumi.Input<pulumi.Input<TriggerArgs>[]>;
  waitForDeployment?: pulumi.Input<boolean>;
}

/** A Blaxel batch job managed by the native provider (`pulumi-resource-blaxel`). */
export class Job extends pulumi.CustomResource {
  /** The job's name on Blaxel (its id). */
  public readonly name!: pulumi.Output<string>;
  /** The workspace the job lives in. */
  public readonly workspace!: pulumi.Output<string>;
  /** The job's status as Blaxel reports it (e.g. DEPLOYED). */
  public readonly status!: pulumi.Output<string>;
  /** When Blaxel created the job. */
  public readonly createdAt!: pulumi.Output<string>;
  /** The job's URL. */
  public readonly url!: pulumi.Output<string>;

  constructor(name: string, args: JobArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "blaxel:index:Job",
      name,
      { ...args, workspace: undefined, status: undefined, createdAt: undefined, url: undefined },
      opts,
    );
  }
}
