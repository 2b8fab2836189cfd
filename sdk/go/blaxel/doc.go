// Manage Blaxel batch jobs with Pulumi (native provider of blaxel-pulumi).
package blaxel
