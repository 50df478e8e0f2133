// Replaces ESO v0.16.2's pkg/provider/register/register.go for the test build (.ci/go-tools/eso/patches):
// the controller the tests run needs the one provider their stores use. ESO's own list imports
// every provider (AWS, Azure, GCP, Oracle, IBM, … SDKs: two thirds of the code to compile); each
// provider registers itself in its init(), so this list is the only thing that changes.
package register

import (
	_ "github.com/external-secrets/external-secrets/pkg/provider/vault"
)
