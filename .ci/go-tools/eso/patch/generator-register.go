// Replaces ESO v0.16.2's pkg/generator/register/register.go for the test build (.ci/go-tools/eso/patches):
// no generated manifest uses a generator (ECR, ACR, GCR, STS, … pull in the cloud SDKs), so none is
// compiled in; an ExternalSecret naming one would fail in the test cluster, never in ESO proper.
package register
