// One Blaxel batch job from a Go program, on the native provider's resource `blaxel:index:Job`.
//
// Config: `apiToken` (secret, required: `pulumi config set --secret apiToken ...`), `memory` (MB, optional),
// `name` (the job's name, optional). Changing `memory` updates the job in place; changing `name` replaces it.
package main

import (
	"github.com/blaxel-pulumi/blaxel-pulumi/sdk/go/blaxel" // the SDK Pulumi's code generator writes (make sdks)
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		name := cfg.Get("name")
		if name == "" {
			name = "go-nightly-export"
		}
		memory := cfg.GetInt("memory")
		if memory == 0 {
			memory = 2048
		}

		job, err := blaxel.NewJob(ctx, "nightly", &blaxel.JobArgs{
			Name:        pulumi.String(name),
			DisplayName: pulumi.String("Nightly export (Go)"),
			Labels:      pulumi.StringMap{"team": pulumi.String("data"), "face": pulumi.String("go")},
			Runtime: &blaxel.JobRuntimeArgs{
				Image:      pulumi.String("blaxel/nightly-export:1.0"),
				Memory:     pulumi.Int(memory),
				Generation: pulumi.String("mk3"),
				Timeout:    pulumi.Int(3600),
				MaxRetries: pulumi.Int(2),
				Envs: blaxel.EnvArray{
					blaxel.EnvArgs{Name: pulumi.String("LOG_LEVEL"), Value: pulumi.String("info")},
					blaxel.EnvArgs{
						Name:   pulumi.String("API_TOKEN"),
						Value:  cfg.RequireSecret("apiToken"),
						Secret: pulumi.Bool(true),
					},
				},
			},
			Triggers: blaxel.TriggerArray{blaxel.TriggerArgs{
				Id:            pulumi.String("nightly"),
				Type:          pulumi.String("cron"),
				Configuration: &blaxel.TriggerConfigurationArgs{Schedule: pulumi.String("0 2 * * *")},
			}},
		})
		if err != nil {
			return err
		}
		ctx.Export("name", job.Name)
		ctx.Export("workspace", job.Workspace)
		ctx.Export("status", job.Status)
		ctx.Export("createdAt", job.CreatedAt)
		ctx.Export("url", job.Url)
		return nil
	})
}
