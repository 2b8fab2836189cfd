// Command sdkgen writes the typed SDKs of the native provider (TypeScript, Go, Python) from its Pulumi
// package schema with Pulumi's own code generators (github.com/pulumi/pulumi/pkg/v3/codegen), the same
// module version the pulumi CLI of this project is built from.
//
//	sdkgen -schema blaxel_pulumi/native/schema.json -out DIR -version 0.1.0 -pulumi-sdk-version v3.274.1
//
// writes DIR/nodejs, DIR/go and DIR/python (each emptied first). scripts/gen-sdks.sh builds and runs it.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"golang.org/x/mod/modfile"
)

const tool = "blaxel-pulumi-sdkgen"

// noLoader loads no package: the schema references none but its own and pulumi.json's built-in types.
type noLoader struct{}

var errNoPackages = errors.New("sdkgen loads no other package: the schema must not reference one")

func (noLoader) LoadPackage(string, *semver.Version) (*schema.Package, error) { return nil, errNoPackages }

func (noLoader) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoPackages
}

func (noLoader) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoPackages
}

func (noLoader) LoadPackageReferenceV2(
	context.Context, *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, errNoPackages
}

// bind reads and binds the schema afresh (each generator records its language info in the bound package),
// with the package version, which the committed schema leaves out (the provider adds its own when it serves it).
func bind(path, version string) (*schema.Package, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	spec.Version = version
	pkg, diags, err := schema.BindSpec(spec, noLoader{}, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("binding %s: %w", path, err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("binding %s: %s", path, diags.Error())
	}
	return pkg, nil
}

func write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		target := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// pinGoMod makes the Go SDK require the pulumi Go SDK the CLI is built from (the generator writes its own
// default version).
func pinGoMod(files map[string][]byte, version string) error {
	text, ok := files["go.mod"]
	if !ok {
		return errors.New("the Go generator wrote no go.mod: the schema needs meta.supportPack")
	}
	mod, err := modfile.Parse("go.mod", text, nil)
	if err != nil {
		return err
	}
	if err := mod.AddRequire("github.com/pulumi/pulumi/sdk/v3", version); err != nil {
		return err
	}
	out, err := mod.Format()
	if err != nil {
		return err
	}
	files["go.mod"] = out
	return nil
}

func run() error {
	schemaPath := flag.String("schema", "blaxel_pulumi/native/schema.json", "the package schema")
	out := flag.String("out", "sdk", "directory to write nodejs/, go/ and python/ into")
	version := flag.String("version", "", "the package version (blaxel_pulumi/_version.py)")
	sdkVersion := flag.String("pulumi-sdk-version", "", "pulumi Go SDK version the Go SDK requires (v3.x.y)")
	flag.Parse()
	if *version == "" || *sdkVersion == "" {
		return errors.New("-version and -pulumi-sdk-version are required")
	}

	pkg, err := bind(*schemaPath, *version)
	if err != nil {
		return err
	}
	files, err := nodejs.GeneratePackage(tool, pkg, nil, nil, false, noLoader{})
	if err != nil {
		return fmt.Errorf("nodejs: %w", err)
	}
	if err := write(filepath.Join(*out, "nodejs"), files); err != nil {
		return err
	}

	if pkg, err = bind(*schemaPath, *version); err != nil {
		return err
	}
	if files, err = gogen.GeneratePackage(tool, pkg, nil); err != nil {
		return fmt.Errorf("go: %w", err)
	}
	if err := pinGoMod(files, *sdkVersion); err != nil {
		return fmt.Errorf("go: %w", err)
	}
	if err := write(filepath.Join(*out, "go"), files); err != nil {
		return err
	}

	if pkg, err = bind(*schemaPath, *version); err != nil {
		return err
	}
	if files, err = python.GeneratePackage(tool, pkg, nil, noLoader{}); err != nil {
		return fmt.Errorf("python: %w", err)
	}
	return write(filepath.Join(*out, "python"), files)
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %v\n", err)
		os.Exit(1)
	}
}
