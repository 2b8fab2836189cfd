// Manage Blaxel with Pulumi: batch jobs, agents, functions, models, sandboxes, policies, volumes and the rest (native provider of blaxel-pulumi).
package blaxel
